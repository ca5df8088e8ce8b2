namespace EdgeNode.Core.Storage;

/// <summary>
/// <c>partition &lt;dbms&gt; &lt;table|*&gt; using &lt;column&gt; by &lt;count&gt; &lt;unit&gt;</c>: rows of the table go to physical
/// tables <c>par_&lt;table&gt;_&lt;date key&gt;_&lt;unit letter&gt;&lt;NN&gt;_&lt;column&gt;</c>, one per interval of
/// <see cref="Count"/> <see cref="Unit"/>s of the column's value. <see cref="Table"/> is <c>*</c> for every table.
/// </summary>
public sealed record PartitionDefinition(string Table, string Column, int Count, PartitionUnit Unit);
