public let discloseVersion = "0.1.0"
