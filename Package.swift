// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Disclose",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "disclose", targets: ["disclose"]),
        .library(name: "Disclose", targets: ["Disclose"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        .target(
            name: "Disclose",
            dependencies: [
                "CPCRE2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Redact/Gazetteer")]
        ),
        .executableTarget(
            name: "disclose",
            dependencies: [
                "Disclose",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "DiscloseTests",
            dependencies: ["Disclose", "disclose"],
            resources: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
