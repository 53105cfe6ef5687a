using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Saas.Bench;

/// <summary>The peer of each GET of infra/bench/reads (issue 22): a bare endpoint in this process, at the API's path, that runs
/// the API's SQL for it (the same statements, as the endpoint's code and Marten write them, each sent as the API reads: in one batch
/// after the tenant's setting, with no transaction of its own, so that row-level security applies as in the API; ADR 0031) on a pooled connection of the application role, and writes what it read
/// as JSON with a Utf8JsonWriter: documents as stored, rows column by column. No authentication, validation, mapping or
/// logging: what the API adds to the same database work is what the ratio shows.</summary>
public static class BareReads
{
    public static async Task<(WebApplication App, string Url)> StartAsync(string appConnectionString, Guid tenant, string period)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        // The API's pool bound (the connection string's, infra/bench/lib.sh); its statements prepared, and its connections
        // reused without a reset, as the API's are (DatabaseSetup.CreateDataSource).
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(appConnectionString) { MaxAutoPrepare = 100, NoResetOnClose = true }.ConnectionString);
        var tenantText = tenant.ToString();

        // The statements in order, every row written, sent as the API sends a read: in one batch after the tenant's setting.
        // No cancellation of the peers' statements when a client goes: Npgsql cancels a running command inside the token's callback,
        // synchronously, and when wrk closed its 64 connections at the end of a run those callbacks took the thread pool for a second or
        // more, stalling the next run (the API cancels on a thread of its own: ClientGone).
        async Task Serve(HttpContext http, params (string Sql, object?[] Parameters, bool Single)[] statements)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            http.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
            json.WriteStartObject();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands = { new NpgsqlBatchCommand("select set_config('app.tenant_id', $1, true), set_config('transaction_read_only', 'on', true)") { Parameters = { new() { Value = tenantText } } } },
            };
            foreach (var (sql, parameters, _) in statements)
            {
                var statement = new NpgsqlBatchCommand(sql);
                foreach (var value in parameters)
                    statement.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                batch.BatchCommands.Add(statement);
            }
            await using var reader = await batch.ExecuteReaderAsync();
            for (var s = 0; s < statements.Length; s++)
            {
                await reader.NextResultAsync();
                json.WritePropertyName(s == 0 ? "items" : $"more{s}");
                if (!statements[s].Single)
                    json.WriteStartArray();
                while (await reader.ReadAsync())
                {
                    json.WriteStartObject();
                    for (var c = 0; c < reader.FieldCount; c++)
                    {
                        json.WritePropertyName(reader.GetName(c));
                        if (await reader.IsDBNullAsync(c))
                            json.WriteNullValue();
                        else if (reader.GetDataTypeName(c) == "jsonb")
                            json.WriteRawValue(reader.GetString(c), skipInputValidation: true);
                        else
                            JsonSerializer.Serialize(json, reader.GetValue(c));
                    }
                    json.WriteEndObject();
                }
                if (!statements[s].Single)
                    json.WriteEndArray();
            }
            json.WriteEndObject();
            await json.FlushAsync();
        }

        const int Take = 51; // a page of 50 and one more, to know whether there is a next page
        // The tenant's row and its settings, read together as GetTenant reads them.
        app.MapGet("/api/v1/tenant", http => Serve(http,
            ("select id, name, slug, currency, time_zone, locale, status from tenants where id = $1", [tenant], true),
            ("select d.data, d.mt_version from documents.mt_doc_tenantsettingsdocument as d where d.tenant_id = $1 and d.id = $2", [tenantText, tenant], true)));
        // A page of employees, external ids included (the SQL Marten writes for ListEmployees' compiled EmployeePage in a query
        // session, which selects no id column).
        app.MapGet("/api/v1/employees", http => Serve(http,
            ("select d.data, d.mt_version from documents.mt_doc_employee as d where d.tenant_id = $1 and d.id > $2 order by d.id limit $3", [tenantText, Guid.Empty, Take], false)));
        app.MapGet("/api/v1/employees/{id:guid}", (HttpContext http, Guid id) => Serve(http,
            ("select d.data, d.mt_version from documents.mt_doc_employee as d where d.tenant_id = $1 and d.id = $2", [tenantText, id], true)));
        // A page of teams and how many active employees fill each position, read together as ListTeams reads them: the positions
        // select the page's teams by the page's window again (its TeamPage).
        app.MapGet("/api/v1/teams", http => Serve(http,
            ("select d.data, d.mt_version from documents.mt_doc_team as d where d.tenant_id = $1 and d.id > $2 order by d.id limit $3", [tenantText, Guid.Empty, Take], false),
            ("""
             select team_id, role, count(*)::int from documents.mt_doc_employee
             where tenant_id = $1 and status = 'active' and team_id in (select id from documents.mt_doc_team where tenant_id = $2 and id > $3 order by id limit $4)
             group by team_id, role
             """, [tenantText, tenantText, Guid.Empty, Take], false)));
        // The SQL Marten writes for ListPlans' compiled projection (SummaryPage): each summary built as JSON in PostgreSQL.
        app.MapGet("/api/v1/plans", http => Serve(http,
            ("""
             select  (jsonb_build_object('name', d.data ->> 'name', 'status', d.data ->> 'status', 'source', d.data ->> 'source', 'periods', CAST(d.data ->> 'periods' as jsonb), 'effectiveFrom', documents.mt_immutable_date(d.data ->> 'effectiveFrom'), 'effectiveTo', documents.mt_immutable_date(d.data ->> 'effectiveTo')) || jsonb_strip_nulls(jsonb_build_object('id', d.id, 'version', d.mt_version, 'createdAt', documents.mt_immutable_timestamptz(d.data ->> 'createdAt'), 'updatedAt', documents.mt_immutable_timestamptz(d.data ->> 'updatedAt'))))  as data from documents.mt_doc_plan as d where (d.tenant_id = $1 and d.id > $2 and d.data ->> 'status' = ANY($3)) order by d.id LIMIT $4;
             """, [tenantText, Guid.Empty, new[] { "draft", "active", "retired" }, Take], false)));
        app.MapGet("/api/v1/actuals/events", http => Serve(http,
            ("""
             select e.id, e.source, e.external_id, e.type, e.occurred_at, e.received_at, e.lead_id, e.deal_id, e.account_id, e.employee_id,
                    e.channel, e.campaign, e.hypothesis, e.amount, e.currency, e.reason_code, e.comment, e.splits, e.overlays, e.attributes
             from events e
             where e.tenant_id = $1 order by e.id limit $2
             """, [tenant, Take], false)));
        // The SQL Marten writes for the compiled PeriodPage of StatementLists: a period's latest statements.
        app.MapGet("/api/v1/statements", http => Serve(http,
            ("""
             select d.data from documents.mt_doc_statement as d
             where (d.tenant_id = $1 and (d.data ->> 'latest' is not null and CAST(d.data ->> 'latest' as boolean) = True) and d.period = $2 and d.id > $3)
             order by d.id LIMIT $4;
             """, [tenantText, period, Guid.Empty, Take], false)));
        app.MapGet("/api/v1/api-keys", http => Serve(http,
            ("select id, name, prefix, scopes, created_at, last_used_at, revoked_at from api_keys where tenant_id = $1 and revoked_at is null order by id limit $2",
                [tenant, Take], false)));

        await app.StartAsync();
        return (app, app.Urls.First());
    }
}
