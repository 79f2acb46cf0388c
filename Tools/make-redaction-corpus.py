#!/usr/bin/env python3
"""Writes Fixtures/redaction/corpus.jsonl: the labelled corpus `disclose eval-redaction` measures.

Each line: {"id", "dataset", "text", "names", "spans"}; `names` are the values of the row's name
columns (what layer a is given), `spans` the gold personal data as {"start", "end", "type"} in
characters (Unicode code points) of `text`. Conventions are in Fixtures/redaction/README.md.

The names here are written by hand for this corpus, from many backgrounds, and are not drawn from
the gazetteer's lists or from `disclose generate`'s, so the corpus measures the detectors rather than
echoing their data. Deterministic: the same seed gives the same file.
"""
import json
import pathlib
import random
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Fixtures/redaction/corpus.jsonl"
rng = random.Random(20261201)

GIVEN = """Oliver Amelia George Isla Harry Ava Freya Arthur Evie Callum Rhys Siân Dafydd Eilidh Hamish Aoife Niamh Ciarán
Saoirse Seren Gethin Morag Fergus Bethan Carys Declan Orla Kieran Shannon Jodie Kayleigh Brandon Tyler Liam Courtney Stacey
Priya Anjali Rajesh Sanjay Harpreet Gurpreet Jaswinder Mohammed Muhammad Aisha Fatima Imran Asif Nadia Sana Bilal Zainab
Farhan Shazia Tahir Parveen Rukhsar Waqas Nasreen Kamran Abdul Shabana Wei Jun Yuki Haruto Minh Thuy Mei Xiu Ying
Chidi Ngozi Oluwaseun Adaeze Kwame Ama Kofi Abena Tendai Thandiwe Femi Tunde Yetunde Delroy Marcia Winston Desmond Precious
Łukasz Katarzyna Agnieszka Tomasz Zofia Andrei Ioana Mihai Petra Jiří Oksana Dmytro Olena Bogdan Renata Omar Layla Yusuf
Hassan Mariam Reza Shirin Dariush Noor José María Giulia Matteo Sofia Lars Ingrid Klaus Zoë Chloé Renée Benoît Nuno Inês""".split()
GIVEN += "Mary-Jane|Jean-Luc|Anne-Marie|Li Na|Hui Min|Abdul Rahman|Siobhán|Eoghan|Ffion|Iolo|Kemi|Chukwuemeka|Oluwatobi|Bongani".split("|")
WORD_GIVEN = "Rose Grace Will Hope Faith Joy Mark Bill Dawn Summer Amber Ruby Daisy Poppy Holly Jack Frank Art Sky Ivy".split()
SURNAME = """Thompson Ellis Whitaker Ackroyd Holroyd Sutcliffe Pickersgill Featherstone Ogden Lumb MacLeod McAllister O'Connor
Fitzgerald Llewellyn Pritchard Thistlethwaite Brocklehurst Grimshaw Oddie Scargill Hepworth Crossley Haigh Dyson Wadsworth
Patel Shah Mistry Chaudhry Akhtar Hussain Begum Rahman Uddin Ahmed Khan Iqbal Sandhu Dhillon Gill Bains Sidhu Kaur Singh
Chowdhury Miah Islam Qureshi Malik Raza Chen Wang Zhang Liu Nguyen Tran Pham Kim Park Tanaka Sato Wong Cheung Lau
Okafor Adeyemi Mensah Boateng Osei Mutasa Ndlovu Okonkwo Balogun Oyelaran Campbell Edwards Clarke Francis Reid
Kowalski Nowak Wiśniewska Zieliński Popescu Ionescu Horvat Novák Kovalenko Shevchenko Petrov Haddad Al-Sayed Farouk Karimi
Hosseini Nasser Abdullah El-Amin García Rossi Müller Schmidt Dubois Lefèvre Jansen Smith-Jones O'Neill McGregor Fairbairn
Thorogood Ramsbottom Higginbottom Uwimana Adebayo-Smith""".split() + ["Ní Bhriain", "al-Farsi", "bin Khalid", "van der Berg", "de Souza"]
WORD_SURNAME = "Green Brown White Wood Hill Hall Young King Bird Fox Lane Street Marsh Shepherd Baker Mason".split()
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Cllr", "Councillor", "Prof", "Rev"]
RELATIONS = ["son", "daughter", "mother", "mum", "father", "dad", "husband", "wife", "partner", "brother", "sister",
             "grandson", "granddaughter", "nan", "neighbour", "carer", "social worker", "support worker", "key worker",
             "friend", "landlord", "niece", "nephew", "stepson", "foster carer", "advocate", "GP"]
OWNERS = ["my", "My", "her", "his", "our", "their", "the"]
PLACES = ["Rotherham", "Sheffield", "Barnsley", "Doncaster", "Leeds", "Wath-upon-Dearne", "Maltby", "Dinnington", "Swinton",
          "Rawmarsh", "Bramley", "Kimberworth", "Thurcroft", "Aston", "Brinsworth", "Manchester", "Bradford", "Wakefield"]
STREETS = ["Church Lane", "High Street", "Station Road", "Mill Lane", "Park Avenue", "Elm Grove", "Oakwood Drive",
           "Queen's Road", "St Mary's Close", "Victoria Terrace", "Broom Crescent", "Cherry Tree Way", "Moorgate Road",
           "Wellgate", "Fitzwilliam Street", "Meadow View", "Hollowgate", "Bawtry Road", "Kilnhurst Road", "Ash Mews"]
BUILDINGS = ["Ashby House", "Riverside Court", "Beeversleigh", "St Ann's Tower", "Norfolk Lodge", "Hawthorn Mansions", "Keppel View"]
DIRECTORATES = ["Adult Care, Housing and Public Health", "Children and Young People's Services", "Regeneration and Environment",
                "Finance and Customer Services", "Assistant Chief Executive's Office"]
SERVICES = ["Waste Management", "Housing Repairs", "Council Tax and Benefits", "Highways and Street Works", "Adult Social Care",
            "Children's Social Care", "Parking Services", "Planning", "Libraries", "Customer Services", "Street Lighting"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "rotherham.gov.uk", "outlook.example.co.uk", "nhs.example.uk"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def given():
    return rng.choice(GIVEN + WORD_GIVEN if rng.random() < 0.85 else WORD_GIVEN)


def surname():
    return rng.choice(SURNAME if rng.random() < 0.85 else WORD_SURNAME)


def nhs_number():
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        total = sum(d * (10 - i) for i, d in enumerate(digits))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            number = "".join(map(str, digits + [check]))
            return rng.choice(["{} {} {}", "{}{}{}", "{}-{}-{}"]).format(number[:3], number[3:6], number[6:])


def luhn_complete(digits):
    """`digits` with the Luhn check digit appended."""
    total = 0
    for offset, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if offset % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return digits + [(10 - total % 10) % 10]


def card_number():
    """Visa, Mastercard (51-55 and the 2221-2720 range), Amex (4-6-5) and Maestro numbers, as people write them."""
    kind = rng.choice(["visa", "mastercard", "mastercard2", "amex", "maestro"])
    if kind == "amex":
        number = "".join(map(str, luhn_complete([3, rng.choice([4, 7])] + [rng.randint(0, 9) for _ in range(12)])))
        return rng.choice([" ", "-", ""]).join([number[:4], number[4:10], number[10:]])
    prefix = {"visa": [4], "mastercard": [5, rng.randint(1, 5)], "maestro": [6, 7, 5, 9],
              "mastercard2": [int(c) for c in str(rng.randint(2221, 2720))]}[kind]
    number = "".join(map(str, luhn_complete(prefix + [rng.randint(0, 9) for _ in range(15 - len(prefix))])))
    return rng.choice([" ", "-", "", "  "]).join(number[i:i + 4] for i in range(0, 16, 4))


def nino():
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    digits = [f"{rng.randint(0, 99):02d}" for _ in range(3)]
    suffix = rng.choice("ABCD")
    text = rng.choice(["{}{} {} {} {} {}", "{}{}{}{}{}{}", "{}{} {}{}{} {}"]).format(first, second, *digits, suffix)
    return text.lower() if rng.random() < 0.1 else text


def phone():
    area = rng.choice(["01709", "0114", "0113", "01302", "01226", "020", "0161", "01632", "0121"])
    if area == "020":
        local = f"{rng.randint(3000, 8999)} {rng.randint(0, 9999):04d}"
    elif area in ("0114", "0113", "0161", "0121"):
        local = f"{rng.randint(200, 999)} {rng.randint(0, 9999):04d}"
    else:
        local = f"{rng.randint(200000, 999999)}"
    mobile = f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
    layouts = [
        f"{area} {local}", f"({area}) {local}", f"{area}-{local.replace(' ', '-')}", f"{area}{local.replace(' ', '')}",
        mobile, mobile.replace(" ", ""), "+44 " + mobile[1:], "+44 (0)" + mobile[1:], "0044 " + mobile[1:],
        f"+44 {area[1:]} {local}", f"{area}.{local.replace(' ', '.')}", f"0800 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        f"0808 {rng.randint(100, 999)} {rng.randint(1000, 9999)}", f"0300 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        f"0345 {rng.randint(100, 999)} {rng.randint(1000, 9999)}", f"{area} {local} ext {rng.randint(100, 9999)}",
        f"{area} {local} x{rng.randint(10, 999)}", f"+353 1 {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
        f"+1 212 555 {rng.randint(1000, 9999)}", f"+48 {rng.randint(500, 799)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
        f"+91 {rng.randint(70000, 99999)} {rng.randint(10000, 99999)}", f"+234 {rng.randint(700, 909)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        mobile.replace(" ", "-"), "+44-" + mobile[1:].replace(" ", ""), f"+44(0){area[1:]} {local}", f"{area} {local[:3]} {local[3:]}".strip(),
        f"({area[:4]}) {local.replace(' ', '-')}", "07" + f"{rng.randint(100, 999)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}",
    ]
    return rng.choice(layouts)


def postcode():
    letters, inward_letters = "ABCDEFGHJKLMNOPRSTUWYZ", "ABDEFGHJLNPQRSTUWXYZ"
    outward = rng.choice([
        f"S{rng.randint(1, 99)}", f"DN{rng.randint(1, 40)}", f"M{rng.randint(1, 60)}", f"LS{rng.randint(1, 29)}",
        f"B{rng.randint(1, 99)}", f"SW1A", f"EC1A", f"W1A", f"E{rng.randint(1, 20)}", f"N1C", f"CR{rng.randint(0, 9)}",
        f"BT{rng.randint(1, 99)}", f"G{rng.randint(1, 84)}", f"EH{rng.randint(1, 55)}", f"CF{rng.randint(3, 48)}",
    ])
    inward = f"{rng.randint(0, 9)}{rng.choice(inward_letters)}{rng.choice(inward_letters)}"
    text = rng.choice([f"{outward} {inward}", f"{outward}{inward}", f"{outward} {inward}".lower(), f"{outward}{inward}".lower(),
                       f"{outward} {inward}".title(), f"{outward}  {inward}"])
    return text


def email(name):
    local = re.sub(r"[^a-z]", "", name.lower().replace("ł", "l"))[:12] or "resident"
    local = rng.choice([local, local + str(rng.randint(1, 99)), local[:1] + "." + local[1:], local + "_" + str(rng.randint(60, 99))])
    domain = rng.choice(DOMAINS)
    if rng.random() < 0.15:
        domain = domain.replace(".", ",", 1)  # OCR damage: a comma for a dot in the domain
    text = f"{local}@{domain}"
    if rng.random() < 0.08:
        text = text.replace("@", " @ ")
    return text


def street_address():
    number = f"{rng.randint(1, 240)}{rng.choice(['', '', '', 'a', 'B'])}"
    street = rng.choice(STREETS)
    place = rng.choice(PLACES)
    return rng.choice([
        f"{number} {street}, {place}", f"{number} {street}", f"Flat {rng.randint(1, 40)}, {rng.choice(BUILDINGS)}, {street}, {place}",
        f"Flat {rng.randint(1, 9)}, {number} {street}", f"{number}, {street}, {place}",
    ])


def date_text(year_from=1930, year_to=2020):
    year = rng.randint(year_from, year_to)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return rng.choice([f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year}", f"{day} {MONTHS[month - 1]} {year}",
                       f"{year}-{month:02d}-{day:02d}", f"{day}{['st', 'nd', 'rd', 'th'][min(day % 10, 3) if day not in (11, 12, 13) else 3] if day % 10 in (1, 2, 3) else 'th'} {MONTHS[month - 1][:3]} {year}"])


def sort_code():
    return f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"


def account():
    return f"{rng.randint(10000000, 99999999)}"


def ip_address():
    """Addresses as logs and web forms write them: plain, before a port (not part of the span),
    zero-padded, IPv6 full, compressed, with an IPv4 tail or a zone. Returns (address, what follows)."""
    v4 = ".".join(str(rng.randint(1, 254)) for _ in range(4))
    roll = rng.random()
    if roll < 0.45:
        return v4, ""
    if roll < 0.55:
        return v4, f":{rng.choice([80, 443, 8080, 3389])}"
    if roll < 0.6:
        return ".".join(f"{int(part):03d}" for part in v4.split(".")), ""
    if roll < 0.75:
        return ":".join(f"{rng.randint(0, 65535):x}" for _ in range(8)), ""
    groups = [f"{rng.randint(1, 65535):x}" for _ in range(rng.randint(2, 4))]
    return rng.choice([rng.choice(["fe80", "2001:db8"]) + "::" + ":".join(groups), "::ffff:" + v4, "fe80::" + ":".join(groups) + "%eth0"]), ""


class Record:
    """Text built piece by piece; personal pieces are remembered as gold spans."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.text = ""
        self.spans = []
        self.names = []

    def add(self, piece, kind=None):
        start = len(self.text)
        self.text += piece
        if kind:
            self.spans.append({"start": start, "end": len(self.text), "type": kind})
        return self


def person_mention(record, full_name, style):
    """Appends a mention of a person in one of many forms; the title and a possessive 's stay outside the span."""
    first, last = full_name
    if style == "full":
        record.add(f"{first} {last}", "PERSON")
    elif style == "first":
        record.add(first, "PERSON")
    elif style == "title":
        record.add(rng.choice(TITLES) + " ").add(last, "PERSON")
    elif style == "title_full":
        record.add(rng.choice(TITLES) + " ").add(f"{first} {last}", "PERSON")
    elif style == "initial":
        record.add(rng.choice(TITLES) + " " if rng.random() < 0.5 else "").add(f"{first[0]}{rng.choice(['.', ''])} {last}", "PERSON")
    elif style == "possessive":
        record.add(first, "PERSON").add("'s")
    elif style == "lower":
        record.add(f"{first} {last}".lower(), "PERSON")
    elif style == "upper":
        record.add(f"{first} {last}".upper(), "PERSON")


STYLES = ["full", "full", "first", "title", "title_full", "initial", "possessive", "lower", "upper", "first", "full"]


def new_person():
    return (given(), surname())


# Templates: functions that fill a Record. Each mixes case text with personal data; TRAPS hold none.
def complaint_contact(r, who):
    r.add(rng.choice(["I have complained three times about ", "This is about ", "Further to my call about ", "I am writing about "]))
    r.add(rng.choice(["the missed bin collections", "the repairs to my kitchen", "my council tax bill", "the parking fine",
                      "my mother's care package", "the noise from next door", "the school transport", "the damp in our flat"]))
    r.add(". ")
    contact = rng.choice(["phone", "email", "both", "address", "postcode"])
    if contact in ("phone", "both"):
        r.add(rng.choice(["Please ring me on ", "My number is ", "You can call me on ", "Tel: ", "call back on "])).add(phone(), "PHONE").add(". ")
    if contact in ("email", "both"):
        r.add(rng.choice(["Email me at ", "My email is ", "Reply to "])).add(email(who[0] + who[1]), "EMAIL").add(rng.choice([".", " please.", ""]))
    if contact == "address":
        r.add(rng.choice(["I live at ", "My address is ", "Send it to "])).add(street_address(), "ADDRESS").add(", ").add(postcode(), "POSTCODE").add(".")
    if contact == "postcode":
        r.add("My postcode is ").add(postcode(), "POSTCODE").add(".")


def complaint_people(r, who):
    relative = new_person()
    owner = rng.choice(OWNERS)
    relation = rng.choice(RELATIONS)
    r.add(rng.choice([f"{owner.capitalize()} {relation} ", f"I care for {owner} {relation} ", f"Since {owner} {relation} "]))
    person_mention(r, relative, rng.choice(["first", "full", "first"]))
    r.add(rng.choice([" was left without support for six weeks.", " has been waiting for an assessment since " + rng.choice(MONTHS) + ".",
                      " was told the service would visit on Friday.", ", who is disabled, cannot use the stairs."]))
    if rng.random() < 0.5:
        r.add(" ")
        staff = new_person()
        r.add(rng.choice(["The social worker, ", "Your officer ", "I spoke to ", "The manager, "]))
        person_mention(r, staff, rng.choice(["full", "first", "title", "title_full"]))
        r.add(rng.choice([", promised to call back.", " said nothing could be done.", " has not replied.", " was very rude."]))


def response_summary(r, who):
    r.add(rng.choice(["Dear ", "Dear ", ""]))
    if r.text:
        person_mention(r, who, rng.choice(["title", "title_full", "first"]))
        r.add(", thank you for your complaint. ")
    staff = new_person()
    r.add(rng.choice(["Response by ", "Investigated by ", "Signed: ", "Kind regards, ", "Yours sincerely,\n"]))
    person_mention(r, staff, "full")
    r.add(rng.choice([", Service Manager.", ", Complaints Officer", " (Team Leader).", ".", ", " + rng.choice(SERVICES) + "."]))
    if rng.random() < 0.4:
        r.add(" ")
        person_mention(r, who, rng.choice(["title", "full", "initial"]))
        r.add(rng.choice([" has been advised of the right to go to the Ombudsman.", " accepted the apology.", " was offered £150 compensation."]))


def sar_request(r, who):
    r.add(rng.choice(["Please provide all records about ", "I request a copy of all information held on ", "SAR for ", "Subject access request: "]))
    subject = who if rng.random() < 0.6 else new_person()
    person_mention(r, subject, rng.choice(["full", "title_full", "initial", "full"]))
    if rng.random() < 0.7:
        r.add(rng.choice([" (date of birth ", ", DOB: ", ", born ", " (d.o.b. "])).add(date_text(1935, 2015), "DATE_OF_BIRTH")
        r.add(rng.choice([")", ",", ")"]))
    r.add(rng.choice([" from the children's social care files.", " including CCTV footage.", " held by the housing team.", " since 2015."]))
    if rng.random() < 0.4:
        r.add(" NHS number ").add(nhs_number(), "NHS_NUMBER").add(".")
    if rng.random() < 0.3:
        r.add(" National Insurance number: ").add(nino(), "NINO").add(".")
    if rng.random() < 0.3:
        r.add(" Contact: ").add(phone(), "PHONE")


def foi_request(r, who):
    r.add(rng.choice(["Under the Freedom of Information Act, please send ", "I would like to know ", "Please disclose ", "FOI: "]))
    r.add(rng.choice(["the number of fly-tipping reports in " + rng.choice(PLACES) + " since 2019",
                      "the salaries of the senior management team", "how many potholes were repaired on " + rng.choice(STREETS),
                      "the contract with the agency supplying social workers", "all correspondence about the site on Moorgate Road"]))
    r.add(". ")
    r.add(rng.choice(["Regards, ", "Thanks, ", "Many thanks\n", "From "]))
    person_mention(r, who, rng.choice(["full", "full", "initial", "first"]))
    if rng.random() < 0.6:
        r.add(rng.choice([" <", " (", ", "])).add(email(who[0] + who[1]), "EMAIL").add(rng.choice([">", ")", ""]))


def finance(r, who):
    r.add(rng.choice(["The refund should go to my account: sort code ", "Please pay sort code ", "My bank details are sort code "]))
    r.add(sort_code(), "BANK")
    r.add(rng.choice([", account number ", " account no. ", " a/c "])).add(account(), "BANK").add(".")
    if rng.random() < 0.5:
        r.add(" I paid by card ").add(card_number(), "CARD").add(rng.choice([" on the website.", "."]))


def online(r, who):
    r.add(rng.choice(["The online form failed from IP ", "Our logs show the request came from ", "Access from address "]))
    address, port = ip_address()
    r.add(address, "IP_ADDRESS").add(port).add(rng.choice([" at 10:42.", " on " + date_text(2022, 2024) + ".", "."]))
    if rng.random() < 0.5:
        r.add(" The account belongs to ")
        person_mention(r, who, "full")
        r.add(".")


def child_case(r, who):
    child = new_person()
    r.add(rng.choice(["My son ", "My daughter ", "Our foster child ", "My grandson "]))
    person_mention(r, child, rng.choice(["first", "full"]))
    r.add(rng.choice([" (aged ", ", aged "])).add(str(rng.randint(3, 16))).add(rng.choice([", ", ") "]))
    if rng.random() < 0.6:
        r.add("born ").add(date_text(2006, 2020), "DATE_OF_BIRTH").add(", ")
    r.add(rng.choice(["was moved to a new school without anyone telling us.", "has not had a visit from the social worker.",
                      "was excluded after an incident with another pupil."]))
    if rng.random() < 0.5:
        other = new_person()
        r.add(" ")
        r.add(rng.choice(["The other child, ", "His friend ", "Her teacher, "]))
        person_mention(r, other, rng.choice(["first", "full", "title"]))
        r.add(rng.choice([", was not punished.", ", saw everything.", ", agreed with us."]))


def plain_names(r, who):
    people = [new_person() for _ in range(rng.randint(2, 3))]
    r.add(rng.choice(["Present at the meeting: ", "Witnesses: ", "Copied to ", "Attendees were "]))
    for index, person in enumerate(people):
        if index:
            r.add(", " if index < len(people) - 1 else " and ")
        person_mention(r, person, rng.choice(["full", "full", "initial", "title_full"]))
    r.add(".")


def trap(r, who):
    """Text with no personal data at all: every word must be kept."""
    pieces = [
        "The Poppy Appeal stall was blocked by the skip.", "I was told to expect a reply in May.", "The bill was wrong from the start.",
        "Mark my words, I will go to the Ombudsman.", "Rotherham deserves better than this.",
        "I went to Moorgate Street Town Hall on " + date_text(2022, 2024) + " and waited 45 minutes.",
        "The " + rng.choice(DIRECTORATES) + " directorate has not replied.", "Complaint reference CMP-2024-" + f"{rng.randint(1, 99999):05d}" + ".",
        "The " + rng.choice(SERVICES) + " team closed the case on " + date_text(2021, 2024) + ".",
        "Rose bushes were cut back on " + rng.choice(STREETS) + " without notice.", "We will review the policy in April.",
        "Green bins are collected every other Friday.", "Will the council pay for the damage?", "The Brown bin was missed again.",
        "Hope Street car park is closed until June.", "The Sheffield Road bus lane cameras were faulty.",
        "Bill payments can be made at the Riverside House reception.", "Grace periods for rent arrears were not explained.",
        "The Assistant Chief Executive will respond within 20 working days.", "Stage 2 was escalated to the Local Government Ombudsman.",
        "Parking charge of £70 issued at 14:35 on Wellgate.", "Invoice 4471 for £1,250.00 was paid on time.",
        "The school on Kilnhurst Road was built in 1965.", "Summer holidays make collections late.", "Sky-high rents in Leeds.",
        "Contact the Customer Service Centre on the website.", "The Children and Young People's Services budget was cut by 4%.",
        "Wath-upon-Dearne Library opens at 9am.", "I support Rotherham United.", "Christmas collections changed by two days.",
    ]
    r.add(" ".join(rng.sample(pieces, rng.randint(1, 3))))


def informal_note(r, who):
    """Case notes as officers type them: first names, lower case, no cue."""
    person = new_person()
    first = person[0]
    r.add(rng.choice(["spoke to ", "Called ", "Tried ", "Left voicemail for ", "Visited "]))
    r.add(first.lower() if rng.random() < 0.4 else first, "PERSON")
    r.add(rng.choice([" on the phone, she is unhappy with the outcome.", " again - no answer.", " at home, he wants a review.",
                      " who said the repair was never done."]))
    if rng.random() < 0.5:
        other = new_person()
        r.add(" ")
        r.add(other[0], "PERSON")
        r.add(rng.choice([" will chase the contractor.", " to call back tomorrow.", " (team leader) agreed."]))


def bare_name(r, who):
    """A name with no title or cue at the start of a sentence, as in letters and emails."""
    person = new_person()
    r.add(f"{person[0]} {person[1]}" if rng.random() < 0.6 else person[0], "PERSON")
    r.add(rng.choice([" called again on Monday about the fence.", " says the carer never arrived.", " has lived here for 20 years.",
                      " and I want this sorted.", " & ", " rang the contact centre twice."]))
    if r.text.endswith("& "):
        r.add(new_person()[0], "PERSON").add(" were both there when it happened.")


def trap_places(r, who):
    pieces = ["Victoria Park was closed for the festival.", "King Street is resurfaced next month.", "The Prince of Wales Hospital referral was lost.",
              "Sheffield Wednesday fans parked on the verge.", "The May Day bank holiday delayed the collection.", "Hope Valley line trains were late.",
              "The Grace Darling ward is on the second floor.", "Rose Hill cemetery gates were locked.", "St Leger week parking was chaos.",
              "Mount Pleasant surgery sent the letter.", "Clifton Park Museum reopens in April.", "The Will Writing Service is not run by the council.",
              "Herringthorpe Leisure Centre changed its hours.", "The Green Party councillors asked a question.", "Queen's Park was flooded.",
              "Brown Street and White Lane were gritted.", "Ivy Court residents meeting is on Tuesday.", "The Bill of Rights was quoted.",
              "Dr Jekyll and Mr Hyde was on at the Civic Theatre."]
    r.add(" ".join(rng.sample(pieces, rng.randint(1, 2))))


def signature(r, who):
    staff = new_person()
    r.add(rng.choice(["Thanks,\n", "Best wishes\n", "-- \n", "Regards\n"]))
    r.add(f"{staff[0]} {staff[1]}", "PERSON")
    r.add("\n" + rng.choice(["Customer Relations Officer", "Complaints Team", "Information Governance Officer", "Housing Officer"]) + "\n")
    r.add(rng.choice(["Tel: ", "Direct line: ", "Mob: "])).add(phone(), "PHONE")
    if rng.random() < 0.6:
        r.add("\nEmail: ").add(email(staff[0] + staff[1]), "EMAIL")


def mixed_people(r, who):
    """Harder mentions: police and professional titles, children's ages, surname-first names,
    particles in lower case, Somali, Arabic and Chinese names, names in brackets and quotes."""
    kind = rng.choice(["police", "children", "surname_first", "particle", "bracket", "from"])
    if kind == "police":
        r.add(rng.choice(["PC ", "PCSO ", "Sgt ", "DC ", "Inspector "]))
        person = new_person()
        r.add(rng.choice([person[1], f"{person[0]} {person[1]}"]), "PERSON")
        r.add(rng.choice([" attended after the break-in.", " took a statement from my son.", " said it was a civil matter."]))
    elif kind == "children":
        r.add("The children are ")
        for index in range(3):
            if index:
                r.add(", " if index < 2 else " and ")
            r.add(rng.choice(GIVEN + WORD_GIVEN), "PERSON").add(f" ({rng.randint(1, 15)})")
        r.add(".")
    elif kind == "surname_first":
        name = rng.choice(["Zhang Wei", "Chen Xiaoming", "Wang Fang", "Liu Yang", "Nguyen Van An", "Kim Min-jun", "Park Ji-woo", "Tanaka Hiroshi"])
        r.add(rng.choice(["Interpreter booked for ", "Translation requested by ", "Visit to "])).add(name, "PERSON").add(".")
    elif kind == "particle":
        name = rng.choice(["Maria de la Cruz", "Pieter van den Heuvel", "Ana dos Santos", "Luca di Marco", "Abdullah bin Rashid",
                           "Hodan Warsame", "Abdirahman Farah", "Fartun Ismail", "Khadija al-Amin", "Yusuf Abdi"])
        r.add(rng.choice(["Complainant: ", "Tenant ", "The applicant, "])).add(name, "PERSON")
        r.add(rng.choice([", disputes the charge.", " asked for a home visit.", ", wants the decision reviewed."]))
    elif kind == "bracket":
        person = new_person()
        r.add(rng.choice(["The resident (", "A neighbour ('", "Carer \""]))
        r.add(person[0], "PERSON")
        r.add(rng.choice([") complained again.", "') keeps parking on the verge.", "\" did not turn up."]))
    else:
        person = new_person()
        r.add(rng.choice(["I had a letter from ", "We heard from ", "Forwarded from "]))
        r.add(f"{person[0]} {person[1]}" if rng.random() < 0.5 else person[0], "PERSON")
        r.add(rng.choice([" last week.", " about the fence.", " on Tuesday."]))


TEMPLATES = [(mixed_people, "complaints", 2), (informal_note, "complaints", 2), (bare_name, "complaints", 2), (trap_places, "complaints", 2), (signature, "foi", 1),
             (complaint_contact, "complaints", 3), (complaint_people, "complaints", 3), (response_summary, "complaints", 2),
             (sar_request, "sar", 2), (foi_request, "foi", 2), (finance, "complaints", 1), (online, "foi", 1),
             (child_case, "complaints", 2), (plain_names, "complaints", 1), (trap, "complaints", 2)]


def main():
    records = []
    weighted = [(template, dataset) for template, dataset, weight in TEMPLATES for _ in range(weight)]
    for index in range(1200):
        template, dataset = rng.choice(weighted)
        who = new_person()
        record = Record(dataset)
        template(record, who)
        # Half the rows put a second piece after the first, as real case notes run on.
        if rng.random() < 0.5:
            record.add(" ")
            second, _ = rng.choice(weighted)
            second(record, who)
        if rng.random() < 0.7 and template is not trap:
            record.names = [f"{who[0]} {who[1]}"]
        records.append({"id": f"r{index + 1:04d}", "dataset": dataset, "text": record.text, "names": record.names, "spans": record.spans})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts = {}
    for record in records:
        for span in record["spans"]:
            counts[span["type"]] = counts.get(span["type"], 0) + 1
    print(f"{len(records)} records; gold spans: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
