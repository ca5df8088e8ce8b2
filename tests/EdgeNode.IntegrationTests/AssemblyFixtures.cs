// One PostgreSQL server for the whole run, started on first use by a test that takes it.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
