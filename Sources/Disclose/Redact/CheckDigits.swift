/// The checks that tell a real identifier from a number that only has its shape: the NHS number's
/// mod-11 check digit, the Luhn check of card numbers, and the UK numbering plan for phone numbers.
/// Pure functions over a span's bytes.
enum CheckDigits {
    /// The decimal digits in `range` of `text`, in order (separators skipped).
    static func digits(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> [Int] {
        var digits: [Int] = []
        digits.reserveCapacity(range.count)
        for index in range where text[index] >= 0x30 && text[index] <= 0x39 {
            digits.append(Int(text[index] - 0x30))
        }
        return digits
    }

    /// An NHS number: ten digits whose tenth is 11 - (weighted sum of the first nine, weights 10..2,
    /// mod 11), where 11 reads as 0 and 10 means no valid number has those nine digits.
    static func isNHSNumber(_ digits: [Int]) -> Bool {
        guard digits.count == 10 else { return false }
        var sum = 0
        for (position, digit) in digits.prefix(9).enumerated() { sum += digit * (10 - position) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == digits[9]
    }

    /// A payment card number: 13 to 19 digits passing the Luhn check.
    static func isCardNumber(_ digits: [Int]) -> Bool {
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// A UK number (written with a leading 0, or +44/0044 with an optional `(0)`) whose national
    /// significant number has 9 or 10 digits and starts where the numbering plan allocates numbers
    /// (1, 2, 3, 5, 7, 8 or 9); or an international `+CC` number of 8 to 15 digits. An extension
    /// after the number is not counted.
    static func isPhoneNumber(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var end = range.upperBound
        // Cut an extension off: everything from the first letter on.
        for index in range where (text[index] | 0x20) >= 0x61 && (text[index] | 0x20) <= 0x7A {
            end = index
            break
        }
        var digits = Self.digits(text, range.lowerBound..<end)
        let international = text[range.lowerBound] == UInt8(ascii: "+") || (digits.starts(with: [0, 0]))
        if international {
            if digits.starts(with: [0, 0]) { digits.removeFirst(2) }
            guard digits.starts(with: [4, 4]) else { return (8...15).contains(digits.count) }
            digits.removeFirst(2)
        }
        if digits.first == 0 { digits.removeFirst() }
        guard (9...10).contains(digits.count), let first = digits.first else { return false }
        return [1, 2, 3, 5, 7, 8, 9].contains(first)
    }

    /// Whether one of `cues` (lowercase ASCII) occurs in `text` within `before` bytes before `range`
    /// or `after` bytes after it, ignoring ASCII case.
    static func hasCue(_ cues: [[UInt8]], in text: UnsafeRawBufferPointer, around range: Range<Int>, before: Int, after: Int) -> Bool {
        containsAny(cues, in: UnsafeRawBufferPointer(rebasing: text[max(0, range.lowerBound - before)..<range.lowerBound]))
            || containsAny(cues, in: UnsafeRawBufferPointer(rebasing: text[range.upperBound..<min(text.count, range.upperBound + after)]))
    }

    /// Whether one of `cues` (lowercase ASCII) occurs in `text`, ignoring ASCII case.
    static func containsAny(_ cues: [[UInt8]], in text: UnsafeRawBufferPointer) -> Bool {
        for cue in cues where cue.count <= text.count {
            let first = cue[0]
            var start = 0
            while start + cue.count <= text.count {
                if WordTokens.lower(text[start]) == first {
                    var offset = 1
                    while offset < cue.count && WordTokens.lower(text[start + offset]) == cue[offset] { offset += 1 }
                    if offset == cue.count { return true }
                }
                start += 1
            }
        }
        return false
    }
}
