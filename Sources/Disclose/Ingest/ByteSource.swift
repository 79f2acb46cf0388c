#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input stream (a file or standard input) in large blocks, counting the bytes read.
final class ByteSource {
    /// How the user named the input in messages: the path, or `stdin`.
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private(set) var bytesRead = 0
    private let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

    /// Opens `path`, or standard input for `nil` or `-`.
    init(path: String?) throws(InputError) {
        if let path, path != "-" {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw InputError.cannotOpen(file: path, reason: systemErrorText()) }
            descriptor = fd
            ownsDescriptor = true
            name = path
        } else {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            name = "stdin"
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
        block.deallocate()
    }

    /// Appends up to `maximum` bytes to `buffer`; returns how many were read (0 at the end).
    /// Reads go through one block that lives as long as the source, and `buffer` keeps its
    /// capacity, so a long input causes no fresh allocations (and no page faults) per read.
    func read(appendingTo buffer: inout [UInt8], maximum: Int) throws(InputError) -> Int {
        let wanted = min(maximum, block.count)
        var readCount = 0
        while true {
            let result = Glibc.read(descriptor, block.baseAddress!, wanted)
            if result < 0 && errno == EINTR { continue }
            if result < 0 { throw InputError.readFailed(file: name, reason: systemErrorText()) }
            readCount = result
            break
        }
        buffer.append(contentsOf: AppendedBytes(UnsafeRawBufferPointer(rebasing: block[0..<readCount])))
        bytesRead += readCount
        return readCount
    }

    /// Reads toward `batchBytes` buffered bytes (at least a sixteenth of a batch per call, so that
    /// a record longer than a batch takes few reads); returns how many were read (0 at the end).
    func topUp(_ buffer: inout [UInt8], toward batchBytes: Int) throws(InputError) -> Int {
        try read(appendingTo: &buffer, maximum: max(batchBytes - buffer.count, max(batchBytes / 16, 1)))
    }
}

func systemErrorText() -> String { String(cString: strerror(errno)) }
