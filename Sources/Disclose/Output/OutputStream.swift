#if canImport(Glibc)
import Glibc
#endif

/// A destination for output bytes: a file that appears under its name only when complete, or
/// standard output. Writes are buffered and go out in large blocks.
public final class OutputStream {
    /// How the destination is named in messages.
    public let name: String
    private let descriptor: Int32
    private let temporaryPath: String?
    private let finalPath: String?
    private var pending: [UInt8] = []
    private static let flushThreshold = 1 << 20
    public private(set) var bytesWritten = 0
    private var committed = false

    /// Standard output.
    public static func standardOutput() -> OutputStream { OutputStream(named: "stdout", descriptor: STDOUT_FILENO) }

    /// A destination that counts bytes and keeps none (a scan reads records only to look at them).
    public static func discarding() -> OutputStream { OutputStream(named: "nowhere", descriptor: -1) }

    private init(named name: String, descriptor: Int32) {
        self.name = name
        self.descriptor = descriptor
        temporaryPath = nil
        finalPath = nil
    }

    /// A file written under a temporary name beside `path` and renamed to `path` by `commit()`.
    /// An interrupted run leaves only the temporary file, never a file that looks finished.
    public init(file path: String) throws(OutputError) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(base).\(getpid()).partial"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotCreate(file: path, reason: systemErrorText()) }
        name = path
        descriptor = fd
        temporaryPath = temporary
        finalPath = path
        pending.reserveCapacity(Self.flushThreshold * 2)
    }

    deinit {
        // Not committed: an abandoned file never takes the final name.
        if let temporaryPath, !committed {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    public func write(_ bytes: some Sequence<UInt8>) throws(OutputError) {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.flushThreshold { try flush() }
    }

    /// Writes a large block straight through, without copying it into the buffer first.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        guard bytes.count >= Self.flushThreshold / 4 else {
            pending.append(contentsOf: bytes)
            if pending.count >= Self.flushThreshold { try flush() }
            return
        }
        try flush()
        try writeAll(bytes)
        bytesWritten += bytes.count
    }

    public func flush() throws(OutputError) {
        try writeAll(pending)
        bytesWritten += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws(OutputError) {
        guard descriptor >= 0 else { return }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let result = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += result
            }
        }
        if failure != 0 { throw .writeFailed(file: name, reason: String(cString: strerror(failure))) }
    }

    /// Flushes, and for a file closes it and gives it its final name.
    public func commit() throws(OutputError) {
        try flush()
        guard let temporaryPath, let finalPath else { return }
        close(descriptor)
        guard rename(temporaryPath, finalPath) == 0 else {
            let reason = systemErrorText()
            unlink(temporaryPath)
            throw .renameFailed(file: finalPath, reason: reason)
        }
        committed = true
    }
}
