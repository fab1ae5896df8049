import VMCtlCore
import VMCtlSupport
/// A flag declared once, as a typed value beside its command, and read back through the same value
/// (`parsed[Self.force]`), so a misspelt flag is a compile error instead of a runtime surprise. The
/// declaration carries the `FlagSpec` that the parser, help, completions and docs read.
public protocol FlagKey: Sendable {
    var spec: FlagSpec { get }
}

extension FlagSpec: FlagKey {
    public var spec: FlagSpec { self }
}

/// A switch that takes no value; reads as `Bool`.
public struct ToggleFlag: FlagKey {
    public let spec: FlagSpec

    /// - Parameter requires: the capability a product needs to honour it, when only some products do.
    /// - Parameter short: one-letter forms, the main one first (`"f", "y"`).
    public init(_ name: String, _ help: String, short: Character..., environment: String? = nil, hidden: Bool = false,
                requires: CapabilityID? = nil) {
        spec = FlagSpec(name: name, shorts: short, valueName: nil, help: help, repeatable: false, completion: .none,
                        environment: environment, hidden: hidden, requires: requires)
    }
}

/// A flag that takes one value; reads as `String?`.
public struct ValueFlag: FlagKey {
    public let spec: FlagSpec

    public init(_ name: String, _ valueName: String, _ help: String, short: Character? = nil, completion: ValueCompletion = .none,
                environment: String? = nil, hidden: Bool = false, requires: CapabilityID? = nil) {
        spec = FlagSpec(name: name, shorts: short.map { [$0] } ?? [], valueName: valueName, help: help, repeatable: false, completion: completion,
                        environment: environment, hidden: hidden, requires: requires)
    }
}

/// A flag that may be given several times; reads as `[String]`, in order.
public struct RepeatedFlag: FlagKey {
    public let spec: FlagSpec

    public init(_ name: String, _ valueName: String, _ help: String, completion: ValueCompletion = .none, requires: CapabilityID? = nil) {
        spec = FlagSpec(name: name, shorts: [], valueName: valueName, help: help, repeatable: true, completion: completion,
                        environment: nil, hidden: false, requires: requires)
    }
}

/// A flag whose value is one case of an enum; reads as `Value?`. The parser refuses other words.
public struct ChoiceFlag<Value: RawRepresentable & CaseIterable & Sendable>: FlagKey where Value.RawValue == String {
    public let spec: FlagSpec

    public init(_ name: String, _ valueName: String, _ help: String, short: Character? = nil, environment: String? = nil,
                requires: CapabilityID? = nil) {
        spec = FlagSpec(name: name, shorts: short.map { [$0] } ?? [], valueName: valueName, help: help, repeatable: false,
                        completion: .choices(Value.allCases.map(\.rawValue)), environment: environment, hidden: false, requires: requires)
    }
}

/// A positional argument declared as a typed value, like the flags.
public protocol ArgumentKey: Sendable {
    var spec: ArgumentSpec { get }
}

/// An argument that must be given; reads as `String`.
public struct RequiredArgument: ArgumentKey {
    public let spec: ArgumentSpec
    public init(_ name: String, _ help: String, completion: ValueCompletion = .none) {
        spec = ArgumentSpec(name, help, arity: .required, completion: completion)
    }
}

/// An argument that may be left out; reads as `String?`.
public struct OptionalArgument: ArgumentKey {
    public let spec: ArgumentSpec
    public init(_ name: String, _ help: String, completion: ValueCompletion = .none) {
        spec = ArgumentSpec(name, help, arity: .optional, completion: completion)
    }
}

/// An argument that takes every remaining word; reads as `[String]`.
public struct VariadicArgument: ArgumentKey {
    public let spec: ArgumentSpec
    /// - Parameter required: whether at least one word must be given.
    public init(_ name: String, _ help: String, required: Bool = true, completion: ValueCompletion = .none) {
        spec = ArgumentSpec(name, help, arity: required ? .oneOrMore : .zeroOrMore, completion: completion)
    }
}

extension ArgumentSpec: ArgumentKey {
    public var spec: ArgumentSpec { self }
}
