namespace Saas.Api.Infrastructure.Database;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations when the API starts. On in development; deployments run
    /// <c>--migrate</c> as a step of their own with the owner's credentials instead.</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>The group role that the application's login role belongs to. Migrations grant table
    /// privileges to it; it owns nothing and cannot bypass row-level security.</summary>
    public const string ApplicationGroupRole = "saas_application";
}

public static class ConnectionStringNames
{
    /// <summary>The application role: owns nothing, subject to row-level security.</summary>
    public const string Application = "Default";

    /// <summary>The owner of the schema, used to apply migrations.</summary>
    public const string Migrations = "Migrations";

    /// <summary>A superuser (or role with CREATEROLE and CREATEDB), only for <c>--init-database</c>.</summary>
    public const string Admin = "Admin";
}
