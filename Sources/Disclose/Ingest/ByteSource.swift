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
    }

    /// Appends up to `maximum` bytes to `buffer`; returns how many were read (0 at the end).
    func read(appendingTo buffer: inout [UInt8], maximum: Int) throws(InputError) -> Int {
        let oldCount = buffer.count
        var failure: Int32 = 0
        var readCount = 0
        // Read straight into the array's spare capacity: no zero-filling, no second copy.
        let grown = [UInt8](unsafeUninitializedCapacity: oldCount + maximum) { storage, initialized in
            buffer.withUnsafeBufferPointer { old in
                if let oldBase = old.baseAddress { storage.baseAddress!.initialize(from: oldBase, count: oldCount) }
            }
            while true {
                let result = Glibc.read(descriptor, storage.baseAddress! + oldCount, maximum)
                if result < 0 && errno == EINTR { continue }
                if result < 0 { failure = errno } else { readCount = result }
                break
            }
            initialized = oldCount + readCount
        }
        buffer = grown
        if failure != 0 { throw InputError.readFailed(file: name, reason: String(cString: strerror(failure))) }
        bytesRead += readCount
        return readCount
    }
}

func systemErrorText() -> String { String(cString: strerror(errno)) }
