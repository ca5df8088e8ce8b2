using EdgeNode.Storage.Partitions;
using EdgeNode.Storage.Postgres;
using EdgeNode.Storage.Sqlite;

namespace EdgeNode.Tests.Storage;

public sealed class SqlRewriteTests
{
    private const string Union = "SELECT a FROM t UNION ALL SELECT a FROM par_t_x";

    private static string Expand(string sql) => PartitionQueryRewriter.Rewrite(sql, table => table == "t" ? Union : null);

    [Theory]
    [InlineData("select count(*) from t", "select count(*) from (" + Union + ") AS t")]
    [InlineData("select a from t where a > 1", "select a from (" + Union + ") AS t where a > 1")]
    [InlineData("select r.a from t r where r.a > 1", "select r.a from (" + Union + ") r where r.a > 1")]
    [InlineData("select a from t as x", "select a from (" + Union + ") as x")]
    [InlineData("select * from (select a from t) s", "select * from (select a from (" + Union + ") AS t) s")]
    [InlineData("select a from u join t on u.a = t.a", "select a from u join (" + Union + ") AS t on u.a = t.a")]
    [InlineData("select a from u, t", "select a from u, (" + Union + ") AS t")]
    [InlineData("select 'from t' as t from u", "select 'from t' as t from u")]
    [InlineData("select extract(day from ts) from u where t = 1", "select extract(day from ts) from u where t = 1")]
    [InlineData("select a from t_other", "select a from t_other")]
    public void Partitioned_tables_in_from_and_join_read_every_partition(string sql, string expected) =>
        Assert.Equal(expected, Expand(sql));

    [Theory]
    [InlineData("select count(*) from t", "select count(*) AS \"count(*)\" from t")]
    [InlineData("select timestamp, value from t", "select timestamp, value from t")]
    [InlineData("select max(value) as m, min(value) mn, avg(value) from t", "select max(value) as m, min(value) mn, avg(value) AS \"avg(value)\" from t")]
    [InlineData("select distinct date_trunc('hour', ts) from t", "select distinct date_trunc('hour', ts) AS \"date_trunc('hour', ts)\" from t")]
    [InlineData("select 1", "select 1 AS \"1\"")]
    [InlineData("select t.*, \"value\" from t", "select t.*, \"value\" from t")]
    public void Postgresql_expression_columns_get_the_labels_sqlite_gives_them(string sql, string expected) =>
        Assert.Equal(expected, SelectLabels.Add(sql));

    [Fact]
    public void Policy_ddl_translates_to_sqlite()
    {
        const string ddl = "CREATE TABLE IF NOT EXISTS rand_data(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  value decimal )";
        Assert.Equal("CREATE TABLE IF NOT EXISTS rand_data(  row_id integer primary key autoincrement,  insert_timestamp TIMESTAMP NOT NULL DEFAULT current_timestamp,  value decimal )",
            SqliteDialect.Instance.TranslateDdl(ddl));
        Assert.Equal(ddl, PostgresDialect.Instance.TranslateDdl(ddl));
    }

    [Fact]
    public void A_column_type_is_replaced_in_a_stored_create_table_keeping_its_constraints()
    {
        const string sql = "CREATE TABLE rand_data(  row_id integer primary key autoincrement,  tsd_name char(3),  timestamp timestamp not null default current_timestamp,  value decimal )";
        Assert.Equal("CREATE TABLE rand_data(  row_id integer primary key autoincrement,  tsd_name varchar,  timestamp timestamp not null default current_timestamp,  value decimal )",
            ColumnDefinitions.ReplaceType(sql, "tsd_name", "varchar"));
        Assert.Equal("CREATE TABLE rand_data(  row_id integer primary key autoincrement,  tsd_name char(3),  timestamp varchar not null default current_timestamp,  value decimal )",
            ColumnDefinitions.ReplaceType(sql, "timestamp", "varchar"));
        Assert.Equal("CREATE TABLE rand_data(  row_id integer primary key autoincrement,  tsd_name char(3),  timestamp timestamp not null default current_timestamp,  value float)",
            ColumnDefinitions.ReplaceType(sql, "value", "float"));
        Assert.Null(ColumnDefinitions.ReplaceType(sql, "missing", "float"));
    }

    [Fact]
    public void Statements_split_outside_quotes()
    {
        Assert.Equal(["create table a (x varchar default ';')", "create index i on a(x)"],
            EdgeNode.Storage.SqlText.SplitStatements("create table a (x varchar default ';'); create index i on a(x);  "));
    }
}
