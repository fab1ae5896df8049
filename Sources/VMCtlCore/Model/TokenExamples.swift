import VMCtlSupport
/// Where a token is used and how: the data URLs it works on, and ready-to-paste client examples.
public struct TokenExamples: Sendable, Equatable {
    public var id: String
    /// nil when the token cannot write (or read).
    public var writeURL: String?
    public var readURL: String?
    public var examples: [ClientExample]
    /// Lines for the reader (how to fill the placeholder, which databases were left out); stderr in table mode.
    public var notes: [String]

    public init(id: String, writeURL: String?, readURL: String?, examples: [ClientExample], notes: [String] = []) {
        self.id = id
        self.writeURL = writeURL
        self.readURL = readURL
        self.examples = examples
        self.notes = notes
    }
}

/// One client's configuration or command line for one direction.
public struct ClientExample: Sendable, Equatable {
    public enum Purpose: String, Sendable { case write, read }

    /// `vmagent`, `prometheus`, `curl`, `grafana`, `vmalert`, `otelcol`, `telegraf`, `influx`.
    public var client: String
    public var purpose: Purpose
    /// `shell`, `yaml` or `toml`.
    public var format: String
    public var text: String

    public init(_ client: String, _ purpose: Purpose, _ format: String, _ text: String) {
        self.client = client
        self.purpose = purpose
        self.format = format
        self.text = text
    }
}
