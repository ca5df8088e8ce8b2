using System.Globalization;
using System.Text;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Output;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// <c>get msg clients</c> in EdgeLake's shape: per subscription its id, user, broker and connection, a counters line
/// (messages, success, errors, last message and error times, last error) and the <c>Subscribed Topics</c> table with one
/// row per column; or, with <c>statistics = true</c>, the counters of each topic.
/// </summary>
internal static class MsgClientReport
{
    private const string Indent = "     ";
    private const string NewLine = TableFormatter.NewLine;

    public static string Format(IReadOnlyList<MessageClient> clients, bool statistics)
    {
        if (clients.Count == 0) return NewLine + "No message client subscriptions";
        var builder = new StringBuilder();
        foreach (var client in clients)
        {
            var topics = client.Subscription.Topics;
            builder.Append(NewLine)
                .Append("Subscription ID: ").Append(client.Id.ToString("D4", CultureInfo.InvariantCulture)).Append(NewLine)
                .Append("User:         ").Append(client.Options.User ?? "unused").Append(NewLine)
                .Append("Broker:       ").Append(client.Options.Broker).Append(NewLine)
                .Append("Connection:   ").Append(client.Connection).Append(NewLine)
                .Append(NewLine);
            if (statistics)
            {
                builder.Append(TopicStatistics(topics));
                continue;
            }
            AppendCounters(builder, topics);
            builder.Append(Indent).Append(NewLine).Append(Indent).Append("Subscribed Topics:").Append(NewLine);
            builder.Append(TopicTable(topics).AsSpan(NewLine.Length)); // the table's leading blank line is the indented one above
        }
        return builder.ToString();
    }

    private static void AppendCounters(StringBuilder builder, IReadOnlyList<TopicStatus> topics)
    {
        var messages = topics.Sum(t => t.Messages);
        var success = topics.Sum(t => t.Success);
        var errors = topics.Sum(t => t.Errors);
        var lastMessage = topics.Max(t => t.LastMessageAt);
        var lastError = topics.Where(t => t.LastErrorAt is not null).MaxBy(t => t.LastErrorAt);
        builder.Append(Indent).Append("Messages    Success     Errors      Last message time    Last error time      Last Error").Append(NewLine)
            .Append(Indent).Append("----------  ----------  ----------  -------------------  -------------------  ----------------------------------")
            .Append(NewLine)
            .Append(Indent).Append(Number(messages)).Append("  ").Append(Number(success)).Append("  ").Append(Number(errors)).Append("  ");
        if (lastError is null)
        {
            builder.Append(Time(lastMessage));
        }
        else
        {
            builder.Append(Time(lastMessage).PadRight(19)).Append("  ").Append(Time(lastError.LastErrorAt).PadRight(19)).Append("  ")
                .Append(lastError.LastError);
        }
        builder.Append(NewLine);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture).PadLeft(10);

    /// <summary>EdgeLake prints local time, to the second.</summary>
    private static string Time(DateTime? utc) =>
        utc is { } time ? time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    private static string TopicTable(IReadOnlyList<TopicStatus> topics)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var topic in topics)
        {
            if (topic.Columns.Count == 0)
            {
                rows.Add([topic.Topic, "False", topic.Qos, topic.Dbms, topic.Table, "", "", "(message attributes)", "", topic.Policy]);
                continue;
            }
            for (var i = 0; i < topic.Columns.Count; i++)
            {
                var column = topic.Columns[i];
                rows.Add(i == 0
                    ? [topic.Topic, "False", topic.Qos, topic.Dbms, topic.Table, column.Name, column.Type, column.MappingFunction,
                        PythonFormat.Bool(column.Optional), topic.Policy]
                    : ["", "False", null, "", "", column.Name, column.Type, column.MappingFunction, PythonFormat.Bool(column.Optional), ""]);
            }
        }
        return TableFormatter.Format(
            ["Topic", "Dynamic", "QOS", "DBMS", "Table", "Column name", "Column Type", "Mapping Function", "Optional", "Policies"],
            rows, indent: Indent.Length);
    }

    private static string TopicStatistics(IReadOnlyList<TopicStatus> topics) =>
        TableFormatter.Format(["Topic", "Messages", "Success", "Errors", "Last message time", "Last error time", "Last Error"],
            topics.Select(t => (IReadOnlyList<object?>)[t.Topic, t.Messages, t.Success, t.Errors, Time(t.LastMessageAt), Time(t.LastErrorAt), t.LastError]),
            indent: Indent.Length);
}
