using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Saas.Bench;

/// <summary>Creates a tenant, its employees and an API key directly in the database, as a superuser (row-level
/// security does not apply to it), the way the API's own provisioning and <c>POST /api-keys</c> would store them.</summary>
public static class Provisioning
{
    private static readonly string[] WorkingDays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    private static readonly (string Code, string Name)[] Reasons =
    [
        ("not_target", "Нецелевой клиент"), ("wrong_product", "Нужен другой продукт"), ("no_budget", "Нет бюджета"),
        ("no_contact", "Не удалось связаться"), ("duplicate", "Дубль"), ("spam", "Спам"), ("competitor", "Конкурент"),
        ("job_seeker", "Соискатель"), ("other", "Другое (с комментарием)"),
    ];

    /// <summary>The default settings of a Russian tenant, as TenantSettings.Defaults("ru") stores them.</summary>
    private static string DefaultSettingsJson() => JsonSerializer.Serialize(new
    {
        workingHours = WorkingDays.Select(day => new { day, from = "09:00", to = "18:00" }),
        holidays = Array.Empty<string>(),
        firstResponseSlaMinutes = 5,
        nonTargetLeadMinutes = 15,
        workingHoursPerMonth = 160m,
        attributionModel = "last_non_direct",
        disqualificationReasons = Reasons.Select(r => new { code = r.Code, name = r.Name }),
    });

    public static async Task CreateTenantAsync(NpgsqlConnection db, Guid tenantId, string name, bool withSettings)
    {
        await using var command = new NpgsqlCommand("""
            insert into tenants (id, slug, name, currency, time_zone, locale) values ($1, $2, $3, 'RUB', 'Europe/Moscow', 'ru')
            """, db);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = "bench-" + tenantId.ToString("N")[^12..] });
        command.Parameters.Add(new() { Value = name });
        await command.ExecuteNonQueryAsync();
        if (withSettings)
        {
            // The settings are a Marten document (ADR 0012); the superuser's connection is not held by its row-level security.
            await using var settings = new NpgsqlCommand("""
                insert into documents.mt_doc_tenantsettingsdocument (tenant_id, id, data, mt_dotnet_type, mt_version)
                values ($1::text, $1, jsonb_build_object('id', $1, 'settings', $2::jsonb, 'version', 1), 'Saas.Api.Features.Tenant.TenantSettingsDocument', 1)
                """, db);
            settings.Parameters.Add(new() { Value = tenantId });
            settings.Parameters.Add(new() { Value = DefaultSettingsJson() });
            await settings.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Sales managers known to amoCRM and Bitrix24 by their ids there; ids come from the seed.</summary>
    public static List<Employee> MakeEmployees(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count).Select(i =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // a version-4 layout, as Guid.NewGuid makes
            return new Employee(new Guid(bytes), $"Менеджер {i:D2}", (1000 + i).ToString(), $"b24-user-{i}");
        }).ToList();
    }

    public static async Task CreateEmployeesAsync(NpgsqlConnection db, Guid tenantId, IReadOnlyList<Employee> employees)
    {
        await using var batch = new NpgsqlBatch(db);
        foreach (var e in employees)
        {
            batch.BatchCommands.Add(Command("""
                insert into documents.mt_doc_employee (tenant_id, id, data, mt_dotnet_type, mt_version, role, status)
                values ($1::text, $2, jsonb_build_object('id', $2, 'fullName', $3::text, 'role', 'sales_manager', 'department', 'sales',
                                                         'baseSalary', 90000, 'currency', 'RUB', 'startDate', '2025-01-01', 'status', 'active',
                                                         'externalIds', jsonb_build_object($4::text, $5::text, $6::text, $7::text),
                                                         'createdAt', now(), 'updatedAt', now()),
                        'Saas.Api.Features.Employees.Employee', 1, 'sales_manager', 'active')
                """, tenantId, e.Id, e.Name, EventGenerator.Amo, e.AmoId, EventGenerator.Bitrix, e.BitrixId));
            batch.BatchCommands.Add(Command("insert into employee_external_ids (tenant_id, employee_id, system, external_id) values ($1, $2, $3, $4)",
                tenantId, e.Id, EventGenerator.Amo, e.AmoId));
            batch.BatchCommands.Add(Command("insert into employee_external_ids (tenant_id, employee_id, system, external_id) values ($1, $2, $3, $4)",
                tenantId, e.Id, EventGenerator.Bitrix, e.BitrixId));
        }
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>An <c>actuals:write</c> key in the API's format (<c>sk_bench_…</c> with its checksum), stored by its SHA-256.</summary>
    public static async Task<string> CreateApiKeyAsync(NpgsqlConnection db, Guid tenantId)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var body = RandomNumberGenerator.GetString(alphabet, 32);
        var value = BitConverter.ToUInt32(SHA256.HashData(Encoding.ASCII.GetBytes(body)), 0);
        var checksum = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            checksum[i] = alphabet[(int)(value % 62)];
            value /= 62;
        }
        var key = $"sk_bench_{body}{new string(checksum)}";
        await using var command = new NpgsqlCommand("""
            insert into api_keys (tenant_id, id, name, prefix, key_hash, scopes) values ($1, $2, 'infra/bench', $3, $4, '{actuals:write}')
            """, db);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new() { Value = key[..(key.Length - 32 - 6 + 4)] });
        command.Parameters.Add(new() { Value = SHA256.HashData(Encoding.UTF8.GetBytes(key)) });
        await command.ExecuteNonQueryAsync();
        return key;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
