/// Generates FOI and SAR request logs in the canonical `foi_requests` and `sar_requests` columns.
struct SyntheticRequests {
    static let foiColumns = [
        "request_ref", "received_date", "requester_name", "requester_email", "requester_type", "regime", "directorate",
        "subject", "description", "pit_extended", "response_date", "outcome", "exemptions", "internal_review", "ico_complaint",
    ]

    static let sarColumns = [
        "request_ref", "received_date", "clock_start_date", "paused_days", "data_subject_name", "requester_name",
        "requester_type", "records_requested", "extended", "response_date", "status", "pages_disclosed", "exemptions",
        "description",
    ]

    private static let foiSubjects: [(directorate: String, subject: String, question: String, regime: String)] = [
        ("Children and Young People's Services", "looked after children", "How many looked after children were placed out of area in each of the last three years?", "foia"),
        ("Children and Young People's Services", "agency social workers", "Please provide the number of agency social workers employed and the total spend on agency staff.", "foia"),
        ("Regeneration and Environment", "potholes", "How many pothole compensation claims were received and how many were paid?", "foia"),
        ("Regeneration and Environment", "air quality", "Please provide the nitrogen dioxide monitoring results for Wellgate and Fitzwilliam Road.", "eir"),
        ("Regeneration and Environment", "planning", "Please send the correspondence between the developer and the planning officer about the site on Moorgate Road.", "eir"),
        ("Finance and Customer Services", "business rates", "Please provide a list of all business rate accounts with credit balances.", "foia"),
        ("Finance and Customer Services", "council tax", "How many council tax liability orders were obtained last year?", "foia"),
        ("Adult Care, Housing and Public Health", "housing repairs", "How many damp and mould reports were received for council homes, and the average days to repair?", "foia"),
        ("Adult Care, Housing and Public Health", "care homes", "Please provide the fees paid per week to each residential care home.", "foia"),
        ("Assistant Chief Executive", "senior salaries", "Please provide the salaries and expenses of the chief executive and strategic directors.", "foia"),
    ]

    var random: SeededRandom

    mutating func foiRow(index: Int) -> [String] {
        let person = NameBackgrounds.person(&random)
        let received = weekday(random.int(CivilDate(year: 2023, month: 4, day: 1)!.dayNumber...CivilDate(year: 2025, month: 3, day: 31)!.dayNumber))
        let topic = random.pick(Self.foiSubjects)
        let type = random.weighted([("individual", 45), ("journalist", 15), ("company", 15), ("campaign", 8), ("researcher", 8), ("mp", 5), ("councillor", 4)])
        let outcome = random.weighted([("granted_full", 45), ("granted_part", 20), ("refused", 12), ("not_held", 15), ("withdrawn", 5), ("vexatious", 1), ("repeated", 2)])
        let exemptions = outcome == "granted_part" || outcome == "refused"
            ? random.pick(topic.regime == "eir" ? ["reg 12(5)(e)", "reg 13", "reg 12(4)(b)"] : ["s40(2)", "s43(2)", "s40(2);s43(2)", "s21", "s12", "s31(1)(a)"])
            : ""
        let pit = exemptions.contains("s43") && random.chance(0.3)
        let open = random.chance(0.04)
        let taken = random.weighted([(random.int(3...20), 88), (random.int(21...45), 12)]) + (pit ? 15 : 0)
        let named = type == "individual" || type == "campaign" || random.chance(0.5)
        let description = topic.question + random.pick([
            "", "", " I am writing on behalf of \(NameBackgrounds.person(&random).fullName).",
            " Please reply to \(ContactDetails.email(for: person, &random)).",
            " My previous request was answered by \(SyntheticComplaints.staff[random.int(0...39)].fullName).",
        ])
        return [
            "FOI-\(received.financialYear.prefix(4))-\(zeroPadded(index + 1, width: 5))", received.ukNumeric,
            named ? person.fullName : "\(person.first.prefix(1)). \(person.surname)", ContactDetails.email(for: person, &random), type,
            topic.regime, topic.directorate, topic.subject, description, pit ? "yes" : "no",
            open ? "" : received.adding(days: taken * 7 / 5).ukNumeric, open ? "" : outcome, open ? "" : exemptions,
            random.chance(0.05) ? "yes" : "no", random.chance(0.01) ? "yes" : "no",
        ]
    }

    mutating func sarRow(index: Int) -> [String] {
        let subject = NameBackgrounds.person(&random)
        let received = weekday(random.int(CivilDate(year: 2017, month: 4, day: 1)!.dayNumber...CivilDate(year: 2025, month: 3, day: 31)!.dayNumber))
        let type = random.weighted([("data_subject", 60), ("representative", 15), ("parent", 10), ("solicitor", 15)])
        let requester = type == "data_subject" ? subject.fullName : type == "solicitor"
            ? "\(random.pick(["Harron", "Steele", "Okafor", "Patel"])) & Co Solicitors" : NameBackgrounds.person(&random).fullName
        let clockStart = random.chance(0.25) ? received.adding(days: random.int(1...20)) : received
        let paused = random.chance(0.1) ? random.int(3...30) : 0
        let extended = random.chance(0.12)
        let status = random.weighted([("completed", 80), ("did_not_progress", 8), ("further_records", 4), ("in_progress", 8)])
        let taken = random.weighted([(random.int(10...31), 85), (random.int(32...90), 15)]) + paused
        let records = random.weighted([("childrens_social_care", 55), ("adult_social_care", 25), ("other", 20)])
        let born = CivilDate(dayNumber: received.dayNumber - random.int(18...60) * 365)
        return [
            "SAR-\(received.financialYear.prefix(4))-\(zeroPadded(index + 1, width: 5))", received.ukNumeric,
            clockStart == received ? "" : clockStart.ukNumeric, String(paused), subject.fullName, requester, type, records,
            extended ? "yes" : "no", status == "completed" || status == "further_records" ? clockStart.adding(days: taken).ukNumeric : "",
            status, status == "completed" ? String(random.int(0...2400)) : "", random.chance(0.4) ? "third party data" : "",
            random.pick([
                "All records held about me from my time in care at \(ContactDetails.streetAddress(&random)).",
                "My social care file including assessments by \(SyntheticComplaints.staff[random.int(0...39)].fullName). My date of birth is \(born.ukNumeric).",
                "Copies of emails between the housing officer and my neighbour \(NameBackgrounds.person(&random).fullName).",
                "Records relating to my late father \(NameBackgrounds.person(&random).fullName) and the care he received.",
                "CCTV footage and call recordings from my visit on \(received.adding(days: -random.int(5...60)).ukNumeric). Phone \(ContactDetails.phone(&random)).",
            ]),
        ]
    }

    private func weekday(_ dayNumber: Int) -> CivilDate {
        var day = CivilDate(dayNumber: dayNumber)
        while day.weekday > 5 { day = day.adding(days: 1) }
        return day
    }
}
