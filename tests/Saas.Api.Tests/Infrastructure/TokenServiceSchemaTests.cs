using Dapper;
using Npgsql;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>OpenIddict's tables come from a numbered migration written from EF Core's script (EF's design-time tools are not
/// served): the migrated schema must be exactly what the model asks for, so a model change without its migration fails here.</summary>
public class TokenServiceSchemaTests
{
    [Fact]
    public async Task The_migrated_schema_is_what_the_token_service_model_creates()
    {
        var migrated = await TestDatabase.CreateAsync();
        var fromModel = await TestDatabase.CreateEmptyAsync();
        await fromModel.ExecuteAsOwnerAsync(TokenServiceStore.CreateScript());

        var expected = await DescribeAsync(fromModel);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await DescribeAsync(migrated));
    }

    [Fact]
    public async Task The_application_role_reads_and_writes_the_token_service_tables_but_owns_and_alters_nothing()
    {
        var database = await TestDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(database.ApplicationConnectionString);
        var tables = (await connection.QueryAsync<(string Table, string Owner, bool Select, bool Insert, bool Update, bool Delete)>("""
            select c.relname, pg_get_userbyid(c.relowner),
                   has_table_privilege(c.oid, 'select'), has_table_privilege(c.oid, 'insert'),
                   has_table_privilege(c.oid, 'update'), has_table_privilege(c.oid, 'delete')
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = @Schema and c.relkind = 'r' order by 1
            """, new { TokenServiceStore.Schema })).ToList();

        Assert.Equal(["OpenIddictApplications", "OpenIddictAuthorizations", "OpenIddictScopes", "OpenIddictTokens"], tables.Select(t => t.Table));
        Assert.All(tables, table => Assert.Equal((TestDatabase.OwnerRole, true, true, true, true), (table.Owner, table.Select, table.Insert, table.Update, table.Delete)));
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("""alter table openiddict."OpenIddictTokens" add column x int"""));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    /// <summary>Every column (type, length, nullability, default), index and constraint of the schema, one line each.</summary>
    private static async Task<List<string>> DescribeAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        return (await connection.QueryAsync<string>("""
            select format('column %s.%s %s(%s) nullable=%s default=%s', table_name, column_name, data_type,
                          coalesce(character_maximum_length::text, ''), is_nullable, coalesce(column_default, ''))
            from information_schema.columns where table_schema = @Schema
            union all
            select format('index %s', indexdef) from pg_indexes where schemaname = @Schema
            union all
            select format('constraint %s.%s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
            from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = @Schema
            order by 1
            """, new { TokenServiceStore.Schema })).ToList();
    }
}
