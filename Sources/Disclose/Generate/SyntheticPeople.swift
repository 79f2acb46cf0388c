/// A made-up person: names from one of many backgrounds, an address, contact details. Phone
/// numbers come from Ofcom's ranges reserved for drama, email addresses from reserved example
/// domains, so nothing generated can reach a real person.
struct SyntheticPerson {
    let first: String
    let surname: String
    let title: String
    let sex: String
    /// ONS 2021 ethnic category most often recorded for this background.
    let ethnicity: String

    var fullName: String { "\(first) \(surname)" }
}

/// Names grouped by background. Hand-picked for this generator; deliberately not the gazetteer the
/// redaction stage uses, so that tests built on generated data measure something real.
enum NameBackgrounds {
    struct Background {
        let ethnicity: [(String, Int)]
        let female: [String]
        let male: [String]
        let surnames: [String]
        let weight: Int
    }

    static let all: [Background] = [
        Background(
            ethnicity: [("white_british", 95), ("white_other", 2), ("mixed_other", 3)],
            female: ["Susan", "Karen", "Joanne", "Emma", "Chloe", "Poppy", "May", "Lily", "Jade", "Gemma", "Hayley",
                     "Margaret", "Pauline", "Sharon", "Amber", "Holly", "Ruby", "Daisy", "Olivia", "Grace", "Charlotte",
                     "Beverley", "Tracey", "Kirsty", "Lauren", "Evie", "Frances", "Rose", "Jean", "Dawn"],
            male: ["David", "Mark", "Bill", "Paul", "Gary", "Darren", "Jack", "Harry", "Oliver", "George", "Kevin",
                   "Stephen", "Craig", "Dean", "Wayne", "Lee", "Ryan", "Callum", "Liam", "Jake", "Alfie", "Noah",
                   "Terry", "Keith", "Graham", "Trevor", "Frank", "Robin", "Miles", "Rich"],
            surnames: ["Smith", "Harron", "Steele", "Walker", "Hobson", "Bennett", "Wragg", "Turton", "Haigh", "Hirst",
                       "Cawthorne", "Marsden", "Greaves", "Ackroyd", "Fletcher", "Booth", "Sykes", "Hague", "Platts",
                       "Moorhouse", "Barraclough", "Staniforth", "Green", "Wood", "Townend", "Bird", "Hall", "Cook",
                       "Street", "Bishop", "Mason", "Rotherham", "Brook", "Lane", "Law", "Kirk", "Moss", "Wells"],
            weight: 62),
        Background(
            ethnicity: [("asian_pakistani", 88), ("asian_other", 6), ("not_stated", 6)],
            female: ["Aisha", "Fatima", "Saima", "Nazia", "Rukhsana", "Sadia", "Amina", "Zainab", "Hina", "Shazia", "Iqra", "Maryam"],
            male: ["Mohammed", "Imran", "Tariq", "Asif", "Zahid", "Bilal", "Usman", "Hamza", "Kashif", "Nadeem", "Irfan", "Ali"],
            surnames: ["Khan", "Hussain", "Akhtar", "Mahmood", "Iqbal", "Rashid", "Butt", "Bashir", "Qureshi", "Raza", "Malik", "Aslam"],
            weight: 9),
        Background(
            ethnicity: [("asian_indian", 90), ("asian_other", 5), ("not_stated", 5)],
            female: ["Priya", "Anjali", "Sunita", "Kiran", "Deepa", "Harpreet", "Manpreet", "Neha", "Pooja", "Simran"],
            male: ["Rajesh", "Sanjay", "Amit", "Gurpreet", "Vikram", "Arjun", "Rohan", "Jaswinder", "Sunil", "Dev"],
            surnames: ["Patel", "Sharma", "Singh", "Kaur", "Gill", "Sandhu", "Mistry", "Chauhan", "Joshi", "Kumar", "Dhillon"],
            weight: 4),
        Background(
            ethnicity: [("asian_bangladeshi", 92), ("not_stated", 8)],
            female: ["Nasrin", "Rehana", "Shirin", "Tahmina", "Farzana", "Rumana"],
            male: ["Abdul", "Rahim", "Shahid", "Jamal", "Kamal", "Faruk"],
            surnames: ["Begum", "Miah", "Uddin", "Rahman", "Islam", "Chowdhury", "Ahmed"],
            weight: 2),
        Background(
            ethnicity: [("black_african", 90), ("black_other", 5), ("not_stated", 5)],
            female: ["Chiamaka", "Ngozi", "Folake", "Amara", "Hodan", "Faduma", "Abena", "Adaeze", "Ifeoma", "Ayan"],
            male: ["Chinedu", "Oluwaseun", "Kwame", "Tunde", "Abdirahman", "Emeka", "Kofi", "Yusuf", "Tendai", "Samuel"],
            surnames: ["Okafor", "Adeyemi", "Mensah", "Osei", "Abdi", "Warsame", "Nwosu", "Okonkwo", "Mohamud", "Moyo", "Boateng"],
            weight: 4),
        Background(
            ethnicity: [("black_caribbean", 80), ("mixed_white_black_caribbean", 15), ("not_stated", 5)],
            female: ["Marcia", "Claudette", "Shanice", "Jasmine", "Yvonne", "Tanisha"],
            male: ["Winston", "Delroy", "Marlon", "Leon", "Errol", "Tyrone"],
            surnames: ["Campbell", "Francis", "Clarke", "Grant", "Thompson", "Reid", "Bailey", "Henry"],
            weight: 2),
        Background(
            ethnicity: [("white_other", 90), ("white_roma", 6), ("not_stated", 4)],
            female: ["Agnieszka", "Katarzyna", "Magdalena", "Ioana", "Elena", "Justyna", "Simona", "Oksana", "Daiva"],
            male: ["Piotr", "Tomasz", "Krzysztof", "Andrei", "Mihai", "Marek", "Lukasz", "Jonas", "Dmytro"],
            surnames: ["Kowalski", "Nowak", "Wiśniewska", "Zieliński", "Popescu", "Ionescu", "Kazlauskas", "Horvat", "Balog", "Lewandowski"],
            weight: 6),
        Background(
            ethnicity: [("asian_chinese", 92), ("not_stated", 8)],
            female: ["Mei", "Xiu", "Ling", "Yan", "Hui"],
            male: ["Wei", "Jun", "Hao", "Ming", "Jian"],
            surnames: ["Wang", "Li", "Zhang", "Chen", "Liu", "Wong", "Cheung"],
            weight: 2),
        Background(
            ethnicity: [("other_arab", 85), ("other_any", 10), ("not_stated", 5)],
            female: ["Layla", "Noor", "Huda", "Rania", "Yasmin"],
            male: ["Omar", "Khalid", "Ahmad", "Samir", "Karim"],
            surnames: ["Al-Sayed", "Haddad", "Nasser", "Saleh", "Abboud", "Mansour"],
            weight: 2),
        Background(
            ethnicity: [("white_irish", 70), ("white_gypsy_irish_traveller", 25), ("not_stated", 5)],
            female: ["Siobhan", "Niamh", "Aoife", "Bridget", "Roisin"],
            male: ["Declan", "Padraig", "Seamus", "Ciaran", "Eamon"],
            surnames: ["O'Brien", "McDonagh", "Murphy", "O'Connor", "Ward", "Doherty", "McGinley"],
            weight: 3),
        Background(
            ethnicity: [("mixed_white_asian", 40), ("mixed_white_black_african", 30), ("mixed_other", 30)],
            female: ["Jasmine", "Layla", "Amelia", "Maya", "Zara"],
            male: ["Kai", "Elijah", "Isaac", "Zayn", "Reece"],
            surnames: ["Campbell-Khan", "Smith-Okafor", "Hussain", "Walker", "Francis", "Patel-Jones"],
            weight: 4),
    ]

    static func person(_ random: inout SeededRandom) -> SyntheticPerson {
        let background = random.weighted(all.map { ($0, $0.weight) })
        let female = random.chance(0.55)
        let first = random.pick(female ? background.female : background.male)
        let title = female ? random.weighted([("Mrs", 40), ("Ms", 30), ("Miss", 25), ("Dr", 3), ("Mx", 2)])
            : random.weighted([("Mr", 95), ("Dr", 3), ("Mx", 2)])
        return SyntheticPerson(
            first: first, surname: random.pick(background.surnames), title: title,
            sex: female ? "female" : "male", ethnicity: random.weighted(background.ethnicity))
    }
}

/// Addresses, postcodes, phone numbers and email addresses in the layouts people really write.
enum ContactDetails {
    static let streets = ["Wellgate", "Moorgate Road", "Doncaster Road", "Fitzwilliam Road", "Badsley Moor Lane",
                          "Herringthorpe Valley Road", "Kimberworth Road", "Canklow Road", "Broom Lane", "Park Street",
                          "Brinsworth Lane", "Greasbrough Road", "Clifton Lane", "Meadow View", "Station Road",
                          "Church Street", "Victoria Avenue", "Chestnut Close", "Oak Drive", "Beech Crescent",
                          "Sycamore Grove", "Elm Terrace", "Holly Way", "Mill Lane", "Rosehill Court"]
    static let localities = ["Wickersley", "Maltby", "Dinnington", "Rawmarsh", "Swinton", "Wath-upon-Dearne",
                             "Kimberworth", "Thurcroft", "Aston", "Bramley", "Catcliffe", "Kiveton Park", "Thorpe Hesley"]
    static let towns = ["Rotherham", "Sheffield", "Doncaster", "Barnsley"]
    static let postcodeDistricts = ["S60", "S61", "S62", "S63", "S64", "S65", "S66", "S25", "S26", "S81", "S1", "S9", "DN12", "S35"]
    /// Letters a postcode's inward code may use.
    private static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    static func postcode(_ random: inout SeededRandom) -> String {
        let inward = "\(random.int(0...9))\(random.pick(inwardLetters))\(random.pick(inwardLetters))"
        return "\(random.pick(postcodeDistricts)) \(inward)"
    }

    /// A postcode as people type it: mostly tidy, sometimes lower case or without the space.
    static func looselyWrittenPostcode(_ postcode: String, _ random: inout SeededRandom) -> String {
        switch random.int(0...9) {
        case 0: postcode.lowercased()
        case 1: postcode.replacing(" ", with: "")
        default: postcode
        }
    }

    static func streetAddress(_ random: inout SeededRandom) -> String {
        let street = random.pick(streets)
        switch random.int(0...5) {
        case 0: return "Flat \(random.int(1...24)), \(random.pick(["Holmes Court", "Beeversleigh", "Wharncliffe House", "St Ann's Tower"])), \(street)"
        case 1: return "\(random.int(1...180))a \(street), \(random.pick(localities))"
        default: return "\(random.int(1...240)) \(street), \(random.pick(localities))"
        }
    }

    static func fullAddress(_ random: inout SeededRandom) -> String {
        "\(streetAddress(&random)), \(random.pick(towns))"
    }

    /// A UK phone number from Ofcom's drama ranges, in one of the layouts seen in case files.
    static func phone(_ random: inout SeededRandom) -> String {
        let line = zeroPadded(random.int(0...999), width: 3)
        switch random.int(0...13) {
        case 0: return "07700 900\(line)"
        case 1: return "07700900\(line)"
        case 2: return "+44 7700 900\(line)"
        case 3: return "+44 (0)7700 900\(line)"
        case 4: return "07700 900 \(line)"
        case 5: return "(0114) 496 0\(line)"
        case 6: return "0114 496 0\(line)"
        case 7: return "0113-496-0\(line)"
        case 8: return "01632 960\(line)"
        case 9: return "020 7946 0\(line)"
        case 10: return "0808 157 0\(line)"
        case 11: return "0306 999 0\(line)"
        case 12: return "01632 960\(line) ext. \(random.int(10...99))"
        default: return "07700.900.\(line)"
        }
    }

    static func email(for person: SyntheticPerson, _ random: inout SeededRandom) -> String {
        let first = person.first.lowercased().filter { $0.isLetter }
        let last = person.surname.lowercased().filter { $0.isLetter }
        let local = random.weighted([("\(first).\(last)", 4), ("\(first)\(last)\(random.int(1...99))", 3),
                                     ("\(first.prefix(1))\(last)", 2), ("\(last).\(first)", 1)])
        let domain = random.pick(["example.com", "example.org", "example.net", "mail.example.com"])
        return "\(local)@\(domain)"
    }

    /// An email address as it arrives after scanning or retyping: sometimes damaged.
    static func looselyWrittenEmail(_ email: String, _ random: inout SeededRandom) -> String {
        switch random.int(0...11) {
        case 0: email.replacing(".com", with: ",com")
        case 1: email.replacing("@", with: " @ ")
        case 2: email.uppercased()
        default: email
        }
    }

    /// A valid NHS number (mod-11 check digit) in the 999 range that NHS England keeps for tests.
    static func nhsNumber(_ random: inout SeededRandom) -> String {
        while true {
            var digits = [9, 9, 9] + (0..<6).map { _ in random.int(0...9) }
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * (10 - $1.offset) }
            let check = 11 - sum % 11
            if check == 10 { continue }
            digits.append(check == 11 ? 0 : check)
            let text = digits.map(String.init).joined()
            return "\(text.prefix(3)) \(text.dropFirst(3).prefix(3)) \(text.suffix(4))"
        }
    }
}

/// `number` in decimal with leading zeros to `width` digits.
func zeroPadded(_ number: Int, width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
