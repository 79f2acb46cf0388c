/// Generates complaint cases in the canonical `complaints` columns of DOMAIN.md: a council's log
/// over two financial years, with stages, extensions, outcomes, open cases, ombudsman referrals,
/// equality monitoring, and free text that names complainants, family, neighbours and staff.
struct SyntheticComplaints {
    static let columns = [
        "case_ref", "received_date", "procedure", "directorate", "service_area", "channel", "formal", "stage_reached",
        "stage1_start_date", "stage1_extended", "stage1_response_date", "stage1_outcome",
        "stage2_start_date", "stage2_extended", "stage2_response_date", "stage2_outcome",
        "stage3_start_date", "stage3_extended", "stage3_response_date", "stage3_outcome",
        "category", "ombudsman", "ombudsman_decision",
        "complainant_name", "complainant_email", "complainant_phone", "complainant_address", "complainant_postcode",
        "complainant_dob", "complainant_type",
        "age_band", "sex", "gender_reassignment", "disability", "ethnicity", "religion_belief", "sexual_orientation",
        "marriage_civil_partnership", "pregnancy_maternity", "carer",
        "description", "response_summary",
    ]

    /// A service the council runs, with the procedure its complaints follow and what people say.
    struct Service {
        let directorate: String
        let area: String
        let procedure: String
        let categories: [(String, Int)]
        let weight: Int
        let stories: [String]
    }

    static let services: [Service] = [
        Service(directorate: "Regeneration and Environment", area: "Waste Management", procedure: "corporate",
                categories: [("delay_in_service", 5), ("lack_of_service", 4), ("actions_of_staff", 2)], weight: 18, stories: [
                    "Our green bin at {A} has been missed three weeks running. I rang {P} to report it and {W} promised a collection by Friday but nobody came.",
                    "The brown bin was not emptied again. My neighbour {X} had the same problem and the crew left rubbish all over the pavement on {STREET}.",
                    "I paid for the garden waste service in May and my bin has still not been delivered. {W} {WS} said it would take two weeks.",
                    "The bin crew damaged my wall when reversing. My husband {XF} saw it happen and took photos.",
                ]),
        Service(directorate: "Regeneration and Environment", area: "Highways and Street Works", procedure: "corporate",
                categories: [("delay_in_service", 4), ("quality_of_service", 3), ("policy_or_decision", 2)], weight: 8, stories: [
                    "The pothole outside {A} has been reported four times. My son {K} came off his bike there last week.",
                    "Street works on {STREET} have blocked my drive for a month without notice. Cllr {XS} is aware.",
                    "The street lights near the school have been out since March. Mrs {XS} at number {N} is frightened to walk home.",
                ]),
        Service(directorate: "Regeneration and Environment", area: "Parking Services", procedure: "corporate",
                categories: [("policy_or_decision", 5), ("actions_of_staff", 3)], weight: 5, stories: [
                    "I received a penalty charge while parked in a disabled bay with my blue badge displayed. The warden, {W}, would not listen.",
                    "My appeal about the parking ticket was refused without reasons. I am a carer for my mother {X} and must park near her house.",
                ]),
        Service(directorate: "Adult Care, Housing and Public Health", area: "Housing Repairs", procedure: "housing",
                categories: [("delay_in_service", 6), ("quality_of_service", 4), ("communication", 2)], weight: 14, stories: [
                    "Our boiler has been broken since {MONTH} and the heating still does not work. My daughter {K} has asthma and the damp is making it worse.",
                    "The repair appointment was missed twice. I took a day off work and the operative did not turn up. Please ring me on {P}.",
                    "There is black mould in the bedroom at {A}. The surveyor, {W} {WS}, said it was condensation and closed the job.",
                    "I reported a leaking roof. My elderly neighbour {X} had water coming through her ceiling as well.",
                ]),
        Service(directorate: "Adult Care, Housing and Public Health", area: "Anti-social Behaviour", procedure: "housing",
                categories: [("lack_of_service", 4), ("communication", 3), ("policy_or_decision", 2)], weight: 5, stories: [
                    "My neighbour at number {N}, {XF}, plays loud music every night until 3am. I have sent diary sheets to {W} but nothing has been done.",
                    "The family next door have threatened my children. {X}'s dog attacked our cat and the police gave me reference {REF}.",
                ]),
        Service(directorate: "Adult Care, Housing and Public Health", area: "Adult Social Care", procedure: "adult_social_care",
                categories: [("quality_of_service", 5), ("actions_of_staff", 3), ("communication", 3)], weight: 9, stories: [
                    "My mother {X} (date of birth {DOB}) has had her care package reduced without an assessment. Her carer from the agency often arrives late.",
                    "Dad's NHS number is {NHS}. His social worker, {W}, has not returned my calls for three weeks and he was discharged from hospital with no support.",
                    "The care home did not tell us that my aunt {X} had a fall. We found out from another resident's daughter, {XF}.",
                ]),
        Service(directorate: "Children and Young People's Services", area: "Children's Social Care", procedure: "childrens_social_care",
                categories: [("actions_of_staff", 4), ("communication", 4), ("policy_or_decision", 3), ("quality_of_service", 2)], weight: 10, stories: [
                    "My son {KF} (born {DOB}) was moved to a new placement without anyone telling me. His social worker, {W}, will not return my calls.",
                    "The assessment about my granddaughter {K} contains mistakes. It says I live at {A} but I moved two years ago. Mr {XS} from the school agrees with me.",
                    "I am a care leaver and my personal adviser {W} has missed four appointments. I want a different worker.",
                    "The contact arrangements for my children {K} and {K2} keep being cancelled. Their father {X} has not been told either.",
                ]),
        Service(directorate: "Children and Young People's Services", area: "Special Educational Needs", procedure: "corporate",
                categories: [("delay_in_service", 5), ("communication", 3)], weight: 5, stories: [
                    "The EHC plan for my son {K} is now 30 weeks late. The caseworker, {W} {WS}, said the delay is due to staffing.",
                    "School transport did not turn up for {K} on three mornings. The driver told my wife {XF} the route had been cancelled.",
                ]),
        Service(directorate: "Finance and Customer Services", area: "Council Tax and Benefits", procedure: "corporate",
                categories: [("quality_of_service", 3), ("policy_or_decision", 4), ("communication", 2)], weight: 10, stories: [
                    "I was sent a summons for council tax I had already paid. My account number is {ACCOUNT}. The bill was wrong from the start.",
                    "My housing benefit claim has been suspended for six weeks. I sent everything to {W} and was told it had been lost.",
                    "Bill, the man on the phone, was rude to me when I asked about the single person discount. My partner {X} moved out in March.",
                ]),
        Service(directorate: "Finance and Customer Services", area: "Customer Services", procedure: "corporate",
                categories: [("communication", 5), ("actions_of_staff", 3)], weight: 6, stories: [
                    "I waited 55 minutes on the phone and was then cut off. When I went to Riverside House the adviser, {W}, told me to use the website.",
                    "Nobody replied to my emails from {E}. I have written three times about my mother {X}'s blue badge.",
                ]),
        Service(directorate: "Assistant Chief Executive", area: "Libraries and Registrars", procedure: "corporate",
                categories: [("quality_of_service", 3), ("other", 3)], weight: 3, stories: [
                    "The registrar spelled my baby's name wrong on the birth certificate. Her name is {K} {CS}, not what was written.",
                    "The library at {LOCALITY} was closed without notice on a Saturday. Poppy the library cat is lovely but the opening hours are not.",
                ]),
    ]

    static let outcomes: [(String, Int)] = [
        ("not_upheld", 45), ("partially_upheld", 22), ("upheld", 20), ("withdrawn", 5), ("resolved_alternatively", 5), ("no_finding", 3),
    ]

    static let closings = [
        "", "", "",
        " Please contact me on {P}.",
        " You can email me at {E} or ring {P} after 5pm.",
        " My address is {A}, {PC}.",
        " I want an apology and for this to be put right.",
        " I have written to Moorgate Street Town Hall twice already.",
        " Rotherham deserves better than this.",
        " I was told to expect a reply in May.",
        " Mark my words, I will go to the ombudsman.",
    ]

    static let responses = [
        "Dear {T} {CS}, thank you for contacting us. {STAFF}, Service Manager, has investigated your complaint.",
        "{STAFF} spoke with {T} {CS} by telephone and apologised for the delay. The service has been reminded of the procedure.",
        "We found that the service was not delivered as it should have been and have arranged for this to be put right. Response by {STAFF}.",
        "The investigation found no fault in how the decision was made. {T} {CS} has been advised of the right to ask for a stage 2 review.",
        "Letter sent to {C} {CS} at {PC}. Team manager {STAFF} will contact the family.",
    ]

    static let staff: [SyntheticPerson] = {
        var random = SeededRandom(seed: 0x5EED_57AF)
        return (0..<40).map { _ in NameBackgrounds.person(&random) }
    }()

    var random: SeededRandom

    /// One complaint, in `columns` order; `index` makes the case reference unique.
    mutating func row(index: Int) -> [String] {
        let service = random.weighted(Self.services.map { ($0, $0.weight) })
        let person = NameBackgrounds.person(&random)
        let firstDay = CivilDate(year: 2023, month: 4, day: 1)!.dayNumber
        let lastDay = CivilDate(year: 2025, month: 3, day: 31)!.dayNumber
        let received = workingDay(CivilDate(dayNumber: random.int(firstDay...lastDay)))
        let asOf = CivilDate(year: 2025, month: 4, day: 14)!

        let complainantType = complainantType(for: service)
        let ageYears = complainantType == "child_young_person" || complainantType == "looked_after_child" ? random.int(11...17)
            : complainantType == "care_leaver" ? random.int(18...24) : random.int(19...88)
        let dob = CivilDate(dayNumber: received.dayNumber - ageYears * 365 - random.int(0...364))
        let postcode = ContactDetails.postcode(&random)
        let email = ContactDetails.email(for: person, &random)
        let phone = ContactDetails.phone(&random)
        let address = ContactDetails.fullAddress(&random)
        let formal = random.chance(0.86)

        var stages: [[String]] = []
        var start = received
        // Children's social care has three stages, corporate and housing procedures two, adult social care one.
        let stagesInProcedure = ["childrens_social_care": 3, "corporate": 2, "housing": 2][service.procedure] ?? 1
        let reached = formal ? min(random.weighted([(1, 80), (2, 15), (3, 5)]), stagesInProcedure) : 1
        for stage in 1...reached {
            let limit = stage == 1 ? 10 : service.procedure == "childrens_social_care" ? 25 : 20
            let extended = random.chance(stage == 1 ? 0.15 : 0.3)
            let taken = random.weighted([(random.int(2...limit), 70), (random.int(limit...(limit * 2)), 22), (random.int((limit * 2)...(limit * 4)), 8)])
            let response = addWorkingDays(taken, to: start)
            let open = response > asOf
            let outcome = open ? "" : formal ? (stage < reached ? random.weighted([("not_upheld", 70), ("partially_upheld", 30)]) : random.weighted(Self.outcomes)) : "informal"
            stages.append([start.ukNumeric, extended ? "yes" : "no", open ? "" : response.ukNumeric, outcome])
            if open { break }
            start = addWorkingDays(random.int(5...25), to: response)
            if start > asOf { break }
        }
        let stageReached = stages.count
        while stages.count < 3 { stages.append(["", "", "", ""]) }

        let ombudsman = stageReached == 3 || random.chance(0.03) ? (service.procedure == "housing" ? "housing" : "lgsco") : ""
        let decision = ombudsman.isEmpty ? "" : random.weighted([
            ("invalid_or_incomplete", 10), ("advice_given", 10), ("referred_back", 20), ("closed_after_initial_enquiries", 35),
            ("not_upheld", 10), ("upheld", 15), ("", 10),
        ])

        let description = text(random.pick(service.stories) + random.pick(Self.closings), person: person,
                               phone: phone, email: email, address: address, postcode: postcode, dob: dob)
        let response = stages[0][2].isEmpty ? "" : text(random.pick(Self.responses), person: person, phone: phone,
                                                         email: email, address: address, postcode: postcode, dob: dob)
        let nameOnFile = random.chance(0.1) ? "\(person.title) \(person.first.prefix(1)) \(person.surname)" : person.fullName

        var row = [
            "CMP-\(received.financialYear.prefix(4))-\(zeroPadded(index + 1, width: 5))",
            received.ukNumeric, service.procedure, service.directorate, service.area,
            random.weighted([("email", 30), ("telephone", 25), ("online", 25), ("letter", 8), ("in_person", 7), ("advocate", 5)]),
            formal ? "yes" : "no", String(stageReached),
        ]
        row += stages.flatMap { $0 }
        row += [
            random.weighted(service.categories), ombudsman, decision,
            nameOnFile, ContactDetails.looselyWrittenEmail(email, &random), phone, address,
            ContactDetails.looselyWrittenPostcode(postcode, &random),
            random.chance(0.7) ? dob.ukNumeric : "", complainantType,
        ]
        row += equalityMonitoring(person: person, age: ageYears, complainantType: complainantType)
        row += [description, response]
        return row
    }

    private mutating func complainantType(for service: Service) -> String {
        if service.procedure == "childrens_social_care" {
            return random.weighted([("parent_carer", 55), ("child_young_person", 12), ("looked_after_child", 10),
                                    ("care_leaver", 8), ("advocate", 8), ("mp", 4), ("councillor", 3)])
        }
        return random.weighted([("member_of_public", 80), ("advocate", 6), ("mp", 6), ("councillor", 5), ("parent_carer", 3)])
    }

    /// Protected characteristics as recorded on a voluntary monitoring form: often not stated.
    private mutating func equalityMonitoring(person: SyntheticPerson, age: Int, complainantType: String) -> [String] {
        let declined = random.chance(0.35)
        func stated(_ value: @autoclosure () -> String, _ statedShare: Double = 0.85) -> String {
            declined || !random.chance(statedShare) ? "not_stated" : value()
        }
        let ageBand = AgeBand.label(years: age)
        let adult = age >= 18
        return [
            stated(ageBand, 0.95),
            stated(person.sex, 0.95),
            stated(self.random.weighted([("no", 97), ("yes", 1), ("prefer_not_to_say", 2)])),
            stated(self.random.weighted([("no", 74), ("yes", 26)])),
            stated(person.ethnicity, 0.9),
            stated(self.random.weighted([("christian", 44), ("no_religion", 38), ("muslim", 11), ("hindu", 1), ("sikh", 2),
                                         ("jewish", 1), ("buddhist", 1), ("other", 2)])),
            stated(self.random.weighted([("heterosexual", 90), ("gay_or_lesbian", 3), ("bisexual", 3), ("other", 1), ("prefer_not_to_say", 3)])),
            adult ? stated(self.random.weighted([("married", 40), ("single", 35), ("divorced", 10), ("widowed", 8), ("civil_partnership", 2),
                                                 ("separated", 5)])) : "not_applicable",
            adult && person.sex == "female" && age < 45 ? stated(self.random.weighted([("no", 90), ("pregnant", 5), ("maternity", 5)])) : "not_applicable",
            stated(self.random.weighted([("no", 82), ("yes", 18)])),
        ]
    }

    /// Fills a story's `{TOKEN}` placeholders with this case's people and details, in one pass.
    private mutating func text(_ template: String, person: SyntheticPerson, phone: String, email: String,
                               address: String, postcode: String, dob: CivilDate) -> String {
        let other = NameBackgrounds.person(&random)
        let child = NameBackgrounds.person(&random)
        let sibling = NameBackgrounds.person(&random)
        let worker = random.pick(Self.staff)
        let manager = random.pick(Self.staff)
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let value: String = switch rest[rest.index(after: open)..<close] {
            case "K2": sibling.first
            case "KF": "\(child.first) \(person.surname)"
            case "K": child.first
            case "XF": other.first
            case "XS": other.surname
            case "X": other.fullName
            case "WS": worker.surname
            case "W": worker.first
            case "STAFF": manager.fullName
            case "T": person.title
            case "C": person.first
            case "CS": person.surname
            case "P": phone
            case "E": email
            case "A": address
            case "PC": postcode
            case "DOB": dob.ukNumeric
            case "N": String(random.int(1...120))
            case "STREET": random.pick(ContactDetails.streets)
            case "LOCALITY": random.pick(ContactDetails.localities)
            case "MONTH": random.pick(["January", "February", "March", "October", "November", "December"])
            case "REF": "\(random.pick(["14", "SY", "SYP"]))/\(random.int(100_000...999_999))/\(random.int(19...25))"
            case "ACCOUNT": String(random.int(10_000_000...99_999_999))
            case "NHS": ContactDetails.nhsNumber(&random)
            case let token: preconditionFailure("unknown placeholder {\(token)} in a story")
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private func workingDay(_ date: CivilDate) -> CivilDate {
        var day = date
        while day.weekday > 5 { day = day.adding(days: 1) }
        return day
    }

    /// Adds Monday-to-Friday days (bank holidays are the categorise stage's business, not the generator's).
    private func addWorkingDays(_ count: Int, to date: CivilDate) -> CivilDate {
        var day = date
        var left = count
        while left > 0 {
            day = day.adding(days: 1)
            if day.weekday <= 5 { left -= 1 }
        }
        return day
    }
}
