namespace EdgeNode.Core.Metadata;

/// <summary>A master's answer to a command sent by <see cref="IMasterLink"/>: success, or the error text (reply or connection failure).</summary>
public readonly record struct MasterReply(bool Ok, string Text)
{
    public static MasterReply Success(string text = "") => new(true, text);

    public static MasterReply Failure(string text) => new(false, text);
}
