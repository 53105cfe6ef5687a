using FluentValidation;
using Saas.Engine.Common;

namespace Saas.Api.Features.Tenant;

/// <summary>Rules shared by provisioning (partners) and settings updates (admins).</summary>
public static class TenantRules
{
    public static IRuleBuilderOptions<T, string?> KnownCurrency<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Currency.IsKnown).WithMessage("'{PropertyName}' must be an ISO 4217 currency code this product supports, such as RUB, USD or EUR.");

    public static IRuleBuilderOptions<T, string?> KnownTimeZone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(TenantSettings.IsTimeZone).WithMessage("'{PropertyName}' must be an IANA time zone such as Europe/Moscow.");

    public static IRuleBuilderOptions<T, string?> KnownLocale<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => TenantSettings.LanguageOf(value) is not null)
            .WithMessage("'{PropertyName}' must be a language tag of Russian or English, such as ru, ru-RU, en or en-GB.");
}
