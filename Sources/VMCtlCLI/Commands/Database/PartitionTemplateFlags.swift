import VMCtlCore
import VMCtlSupport
/// `--template-tag`, `--template-tag-bucket` and `--template-timeformat`, as influxctl takes them, for
/// `database create` and `table create`.
enum PartitionTemplateFlags {
    static let tag = RepeatedFlag("template-tag", "TAG", "partition by the value of TAG", requires: Capability.partitionTemplates.id)
    static let tagBucket = RepeatedFlag("template-tag-bucket", "TAG,N", "partition by TAG hashed into N buckets", requires: Capability.partitionTemplates.id)
    static let timeFormat = ValueFlag("template-timeformat", "FORMAT", "time part of the partition template (default %Y-%m-%d)",
                                      requires: Capability.partitionTemplates.id)
    static let all: [any FlagKey] = [tag, tagBucket, timeFormat]
    static let names = all.map(\.spec.name)

    static let discussion = """
        A partition template is fixed at creation: tags (--template-tag), tag buckets (--template-tag-bucket
        TAG,N with 1 to 100000 buckets) and a time format (--template-timeformat, default %Y-%m-%d), at most
        8 parts in all, each tag once. Parts go tags first, then buckets, then time.
        """

    /// The template the flags describe; nil when none was given.
    static func template(_ parsed: ParsedCommand) throws -> [PartitionPart]? {
        try DatabaseOptions.template(tags: parsed[tag], buckets: parsed[tagBucket], timeFormat: parsed[timeFormat])
    }
}
