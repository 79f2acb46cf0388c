import Foundation
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

extension UKDateParserTests {
    @Test func fixedPlaceDatesTakeOnlyDigitsAndRealDates() {
        // Every byte at every digit place of both layouts, around month and leap-year ends,
        // against reading the digits one by one.
        for (year, month, day) in [(2024, 2, 29), (2023, 2, 28), (1999, 12, 31), (2000, 1, 1), (2019, 4, 30), (2100, 2, 28)] {
            for (layout, places) in [("%04d-%02d-%02d", [0, 1, 2, 3, 5, 6, 8, 9]), ("%3$02d/%2$02d/%1$04d", [6, 7, 8, 9, 3, 4, 0, 1])] {
                let text = Array(String(format: layout, year, month, day).utf8)
                for place in places {
                    for byte in UInt8.min...UInt8.max {
                        var changed = text
                        changed[place] = byte
                        let digits = places.map { Int(changed[$0]) - 0x30 }
                        var expected: (year: Int, month: Int, day: Int)?
                        if digits.allSatisfy({ (0...9).contains($0) }) {
                            let read = (digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3], digits[4] * 10 + digits[5], digits[6] * 10 + digits[7])
                            if CivilDate(year: read.0, month: read.1, day: read.2) != nil { expected = read }
                        }
                        let found = changed.withUnsafeBytes { bytes in
                            layout.hasPrefix("%04d")
                                ? UKDateParser.fixedDigits(bytes, year: 0, month: 5, day: 8) : UKDateParser.fixedDigits(bytes, year: 6, month: 3, day: 0)
                        }
                        #expect(found?.year == expected?.year && found?.month == expected?.month && found?.day == expected?.day,
                                "\(String(decoding: changed, as: UTF8.self))")
                    }
                }
            }
        }
    }
}
