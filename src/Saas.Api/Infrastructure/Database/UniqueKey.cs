using Npgsql;

namespace Saas.Api.Infrastructure.Database;

public static class UniqueKey
{
    /// <summary>Whether a write failed because it broke the unique index or key <paramref name="name"/>. Marten wraps the
    /// database's error in its own, Dapper does not; both are seen through.</summary>
    public static bool IsViolated(Exception e, string name)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } violation && violation.ConstraintName == name)
                return true;
        return false;
    }
}
