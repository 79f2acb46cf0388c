import Testing
@testable import Disclose

/// What a detector finds in `text`, as the substrings it would replace.
private func found(_ detector: PatternDetector, _ text: String) throws -> [String] {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBytes { raw in
        try detector.spans(in: raw).map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }
}

/// Every built-in detector with a table of texts and exactly what it must find in each; an empty
/// list is a text it must leave alone (the traps of DOMAIN.md among them).
struct DetectorTests {
    @Test(arguments: [
        ("write to evie.hirst@mail.example.com today", ["evie.hirst@mail.example.com"]),
        ("OCR: name@council.gov,uk was on the scan", ["name@council.gov,uk"]),
        ("email j.o'neill+complaints@rotherham.gov.uk.", ["j.o'neill+complaints@rotherham.gov.uk"]),
        ("as typed: imran @ example.org", ["imran @ example.org"]),
        ("tweet @council on twitter", []),
        ("email address withheld", []),
        ("user@localhost only", []),
    ])
    func email(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.email(), text) == expected)
    }

    @Test(arguments: [
        ("ring 01709 822477 today", ["01709 822477"]),
        ("ring (01709) 822765", ["(01709) 822765"]),
        ("mobile 07700 900123.", ["07700 900123"]),
        ("call +44 7700 900123", ["+44 7700 900123"]),
        ("call +44 (0)7700 900123", ["+44 (0)7700 900123"]),
        ("freephone 0800 731 9256", ["0800 731 9256"]),
        ("tel 0113-496-0947", ["0113-496-0947"]),
        ("tel 0114.496.0616", ["0114.496.0616"]),
        ("switchboard 01709 822477 ext 2345", ["01709 822477 ext 2345"]),
        ("direct 0161 496 0000 x12", ["0161 496 0000 x12"]),
        ("tel:07700900123", ["07700900123"]),
        ("0044 20 7946 0240", ["0044 20 7946 0240"]),
        ("from Dublin +353 1 234 5678", ["+353 1 234 5678"]),
        ("New York +1 212 555 0199", ["+1 212 555 0199"]),
        ("case CMP-2023-00001", []),
        ("received 01/03/2024", []),
        ("06001 234567 is not allocated", []),
        ("account 68822834", []),
        ("in 2024 and 2025", []),
    ])
    func phone(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.phone(), text) == expected)
    }

    @Test(arguments: [
        ("Broom Lane, S63 5JN.", ["S63 5JN"]),
        ("no space s635jn here", ["s635jn"]),
        ("SW1A 1AA", ["SW1A 1AA"]),
        ("M1 1AE and B33 8TH", ["M1 1AE", "B33 8TH"]),
        ("CR2 6XH, DN55 1PT, W1A 0AX, EC1A 1BB", ["CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB"]),
        ("GIR 0AA", ["GIR 0AA"]),
        ("stage 2 review", []),
        ("area S9 only", []),
        ("Q1 1AA V1 1AA", []),
    ])
    func postcode(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.postcode(), text) == expected)
    }

    @Test(arguments: [
        ("NI AB 12 34 56 C", ["AB 12 34 56 C"]),
        ("ni: ab123456c", ["ab123456c"]),
        ("JG103759A", ["JG103759A"]),
        ("GB123456A", []),
        ("DA123456A", []),
        ("AO123456A", []),
        ("NK 12 34 56 A", []),
    ])
    func nationalInsurance(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.nationalInsurance(), text) == expected)
    }

    @Test(arguments: [
        ("NHS 943 476 5919", ["943 476 5919"]),
        ("NHS 9434765919", ["9434765919"]),
        ("NHS 943-476-5919", ["943-476-5919"]),
        ("wrong check digit 943 476 5918", []),
        ("no valid check 1234567890", []),
    ])
    func nhsNumber(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.nhsNumber(), text) == expected)
    }

    @Test(arguments: [
        ("card 4111 1111 1111 1111", ["4111 1111 1111 1111"]),
        ("card 4111111111111111", ["4111111111111111"]),
        ("card 5500-0000-0000-0004", ["5500-0000-0000-0004"]),
        ("fails Luhn 4111 1111 1111 1112", []),
    ])
    func card(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.card(), text) == expected)
    }

    @Test(arguments: [
        ("Sort code: 20-45-77", ["20-45-77"], "sort_code"),
        ("My account number is 41234567.", ["41234567"], "account_number"),
        ("a/c no 1234567", ["1234567"], "account_number"),
        ("paid from 20-45-77 41234567", ["20-45-77 41234567"], "sort_code_and_account"),
        ("on 20-04-24 we met", [], "sort_code_and_account"),
        ("on 20-04-24 we met", [], "sort_code"),
    ])
    func bank(text: String, expected: [String], detector: String) throws {
        let bank = try [BuiltInDetectors.sortCode(), BuiltInDetectors.accountNumber(), BuiltInDetectors.bankDetails()]
        #expect(try found(bank.first { $0.name == detector }!, text) == expected)
    }

    @Test(arguments: [
        ("from 192.168.0.1 at", ["192.168.0.1"], "ipv4"),
        ("version 1.2.3 and 256.1.1.1", [], "ipv4"),
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"], "ipv6"),
        ("link fe80::1ff:fe23:4567:890a up", ["fe80::1ff:fe23:4567:890a"], "ipv6"),
        ("met at 10:30", [], "ipv6"),
        ("from 192.168.1.10:8080 at noon", ["192.168.1.10"], "ipv4"),
        ("host 010.001.002.003 logged", ["010.001.002.003"], "ipv4"),
        ("mapped ::ffff:192.0.2.128 logged", ["::ffff:192.0.2.128"], "ipv6"),
        ("zone fe80::1ff:fe23:4567:890a%eth0 up", ["fe80::1ff:fe23:4567:890a%eth0"], "ipv6"),
        ("loopback ::1 only", ["::1"], "ipv6"),
        ("[2001:db8::2]:443", ["2001:db8::2"], "ipv6"),
    ])
    func ipAddress(text: String, expected: [String], detector: String) throws {
        let detector = detector == "ipv4" ? try BuiltInDetectors.ipV4() : try BuiltInDetectors.ipV6()
        #expect(try found(detector, text) == expected)
    }

    @Test(arguments: [
        ("DOB 07/01/1960", ["07/01/1960"]),
        ("my mother (date of birth 21/09/1945) has", ["21/09/1945"]),
        ("D.O.B.: 21 September 1945", ["21 September 1945"]),
        ("she was born on 3rd March 2012", ["3rd March 2012"]),
        ("Jack, aged 7 (03/04/2016), was", ["03/04/2016"]),
        ("received 01/03/2024 and answered on 12 March 2019", []),
    ])
    func dateOfBirth(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.dateOfBirth(), text) == expected)
    }

    @Test(arguments: [
        ("at 55 Broom Lane, Wickersley, Barnsley", ["55 Broom Lane, Wickersley, Barnsley"]),
        ("is 8a Badsley Moor Lane, Thurcroft.", ["8a Badsley Moor Lane, Thurcroft"]),
        ("is Flat 11, St Ann's Tower, Moorgate Road, Barnsley", ["Flat 11, St Ann's Tower, Moorgate Road, Barnsley"]),
        ("Flat 3, 12 High Street", ["Flat 3, 12 High Street"]),
        ("at Moorgate Street Town Hall", []),
        ("Street works on Doncaster Road have", []),
        ("waited 55 minutes on the phone", []),
    ])
    func address(text: String, expected: [String]) throws {
        #expect(try found(BuiltInDetectors.address(), text) == expected)
    }

    @Test(arguments: [
        ("I spoke to Mr Harron.", ["Harron"]),
        ("Mrs L Khan called", ["L Khan"]),
        ("Mr & Mrs Cameron wrote", ["Cameron"]),
        ("Cllr Steele is aware", ["Steele"]),
        ("Dr. Amara Okafor saw him", ["Amara Okafor"]),
        ("Mr O'Brien", ["O'Brien"]),
        ("Dear Sir or Madam", []),
        ("I will miss Tuesday", []),
    ])
    func titledName(text: String, expected: [String]) throws {
        #expect(try found(PersonDetectors.titledName(), text) == expected)
    }

    @Test(arguments: [
        ("my son Jack was", ["Jack"]),
        ("her social worker, Priya, said", ["Priya"]),
        ("the neighbour at number 4, Dave, shouts", ["Dave"]),
        ("My neighbour Noah Hirst had", ["Noah Hirst"]),
        ("the adviser, Sunita, told me", ["Sunita"]),
        ("my son The school", []),
        ("my daughter was ill", []),
    ])
    func relationCue(text: String, expected: [String]) throws {
        #expect(try found(PersonDetectors.relationCue(), text) == expected)
    }

    @Test(arguments: [
        ("Team manager Rukhsana Hussain will call", ["Rukhsana Hussain"]),
        ("housing officer Dave Cole said", ["Dave Cole"]),
        ("the Service Manager has", []),
    ])
    func roleName(text: String, expected: [String]) throws {
        #expect(try found(PersonDetectors.roleName(), text) == expected)
    }

    @Test func checkDigits() {
        #expect(CheckDigits.isNHSNumber([9, 4, 3, 4, 7, 6, 5, 9, 1, 9]))
        #expect(!CheckDigits.isNHSNumber([9, 4, 3, 4, 7, 6, 5, 9, 1, 8]))
        #expect(CheckDigits.isCardNumber([4] + Array(repeating: 1, count: 15)))
        #expect(!CheckDigits.isCardNumber([4, 1, 1, 1]))
    }
}

/// The whole redactor on text with the traps DOMAIN.md names: what must be kept stays byte for byte.
struct RedactorTrapTests {
    @Test(arguments: [
        "The Poppy Appeal flowers were trampled.",
        "I was told to expect a reply in May.",
        "The bill was wrong. Bill payments are due in June.",
        "Mark my words, I will go to the ombudsman.",
        "Rotherham deserves better than this.",
        "I went to Moorgate Street Town Hall on 12 March 2019.",
        "Adult Care, Housing and Public Health; Regeneration and Environment; Children and Young People's Services",
        "Street works on Doncaster Road have blocked my drive.",
        "Case CMP-2023-00001 received 01/03/2024, stage 2 response 18/04/2024.",
    ])
    func trapsAreKept(text: String) throws {
        let redactor = try Redactor(config: RedactionConfig(), key: nil)
        var out: [UInt8] = []
        var replacements: [Redactor.Replacement] = []
        try Array(text.utf8).withUnsafeBytes { try redactor.redact($0, known: KnownNames(), into: &out, replacements: &replacements) }
        #expect(String(decoding: out, as: UTF8.self) == text)
        #expect(replacements.isEmpty)
    }

    @Test func knownNamesAreFoundInAnyFormAndCase() throws {
        var known = KnownNames()
        Array("Evie Hirst".utf8).withUnsafeBytes { known.add($0) }
        let redactor = try Redactor(config: RedactionConfig(), key: nil)
        let text = "Evie Hirst wrote. Miss Hirst's letter, E. Hirst and EVIE agree; evie too."
        var out: [UInt8] = []
        var replacements: [Redactor.Replacement] = []
        try Array(text.utf8).withUnsafeBytes { try redactor.redact($0, known: known, into: &out, replacements: &replacements) }
        #expect(String(decoding: out, as: UTF8.self)
            == "[PERSON] wrote. Miss [PERSON]'s letter, [PERSON] and [PERSON] agree; [PERSON] too.")
    }
}
