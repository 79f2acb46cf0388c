import Testing
@testable import Disclose

struct UKDateParserTests {
    @Test(arguments: [
        ("12/03/2019", "2019-03-12"), ("1/3/2019", "2019-03-01"), ("1/3/19", "2019-03-01"), ("31/12/99", "1999-12-31"),
        ("2019-03-12", "2019-03-12"), ("12 March 2019", "2019-03-12"), ("12 Mar 2019", "2019-03-12"),
        ("1 september 2016", "2016-09-01"), (" 29/02/2024 ", "2024-02-29"), ("3 Sept 2016", nil),
        ("12/31/2019", nil), ("29/02/2023", nil), ("2019-3-12", nil), ("12.03.2019", nil), ("March 2019", nil),
        ("", nil), ("12/03/2019 10:15", nil), ("00/01/2019", nil),
        ("2019-13-01", nil), ("2019-02-29", nil), ("2024-02-29", "2024-02-29"), ("31/04/2019", nil), ("1a/03/2019", nil),
        ("2019/03/12", nil), ("12-03-2019", nil),
    ] as [(String, String?)])
    func readsUKDatesAndNeverGuessesTheUSOrder(text: String, iso: String?) {
        #expect(UKDateParser.parse(text)?.iso == iso, "\(text)")
    }
}

extension UKDateParserTests {
    @Test(arguments: [
        "12/03/2019", "1/3/2019", "1/3/19", "31/12/99", "2019-03-12", "12 March 2019", "12 Mar 2019", " 29/02/2024 ",
        "12/31/2019", "29/02/2023", "2019-3-12", "12.03.2019", "12/03-2019", "1//2019", "12/03/2019/1", "", "   ",
    ])
    func theByteReaderAgreesWithTheTextReader(text: String) {
        let fromBytes = Array(text.utf8).withUnsafeBytes { UKDateParser.parse(bytes: $0) }
        switch fromBytes {
        case .empty: #expect(text.allSatisfy { $0 == " " })
        case let .date(dayNumber): #expect(UKDateParser.parse(text)?.dayNumber == dayNumber, "\(text)")
        case .invalid: #expect(UKDateParser.parse(text) == nil && !text.allSatisfy { $0 == " " }, "\(text)")
        }
    }
}
