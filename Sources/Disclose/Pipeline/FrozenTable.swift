/// Elements copied once into memory of their own and only read afterwards, for hot paths: a read
/// costs no bounds check (in release builds), retain or release, where an array held by a class is
/// retained around each read. The owner frees it (`deallocate`) when it goes. Sendable because
/// nothing writes to it after `init`.
struct FrozenTable<Element>: @unchecked Sendable {
    private let elements: UnsafeBufferPointer<Element>

    init(_ array: [Element]) {
        let copy = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
        _ = copy.initialize(from: array)
        elements = UnsafeBufferPointer(copy)
    }

    var count: Int { elements.count }
    var indices: Range<Int> { 0..<elements.count }

    @inline(__always)
    subscript(index: Int) -> Element { elements[index] }

    func deallocate() {
        _ = UnsafeMutableBufferPointer(mutating: elements).deinitialize()
        elements.deallocate()
    }
}
