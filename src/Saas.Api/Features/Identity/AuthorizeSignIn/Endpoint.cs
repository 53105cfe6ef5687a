using FastEndpoints;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenIddict.Server.AspNetCore;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Identity.AuthorizeSignIn;

/// <summary><c>POST /connect/authorize</c>: the sign-in form. The credentials are checked (<see cref="SignInCredentials"/>);
/// the browser goes back to the client with <c>code</c>, <c>state</c> and <c>iss</c>, or, when the password opens several
/// companies, the page asks which one first.</summary>
public sealed class Endpoint(ClientDirectory clients, NpgsqlDataSource dataSource, PlatformDb db, IAntiforgery antiforgery, SignInChoices choices,
    IOptions<AuthOptions> options, TimeProvider time) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/connect/authorize");
        Group<TokenServiceGroup>();
        Description(route => route.WithName("AuthorizeSignIn").ExcludeFromDescription());
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.ResultAsync(await SignInAsync(cancellationToken));

    private async Task<IResult> SignInAsync(CancellationToken cancellationToken)
    {
        // A form posted from anywhere but this API's own sign-in page is refused.
        if (!HttpContext.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(HttpContext))
            return Problems.BadRequest("The sign-in form was not sent from this API's sign-in page, or it has expired; load it again.");
        var form = await HttpContext.Request.ReadFormAsync(cancellationToken);
        var settings = options.Value;
        var (request, failure) = await AuthorizationRequests.ReadAsync(HttpContext, clients, settings.Issuer);
        if (failure is not null)
            return failure;
        var language = AuthorizationRequests.Language(HttpContext, HttpContext.GetOpenIddictServerRequest()!);
        var values = AuthorizationRequests.Values(HttpContext);
        if (form.ContainsKey(SignInChoices.Field))
            return await ChooseAsync(form, request!, values, language, cancellationToken);

        var email = form["email"].ToString().Trim();
        var authenticatedAt = time.GetUtcNow();
        var outcome = await SignInCredentials.CheckAsync(email, form["password"].ToString(), request!.Client, dataSource, db, settings, time, cancellationToken);
        return outcome.Memberships switch
        {
            [] => LoginPage.Render(HttpContext, antiforgery, values, language, outcome.Locked ? LoginError.Locked : LoginError.Invalid, email),
            [var only] => await SignedInAsync(request, values, language, only.TenantId, only.UserId, authenticatedAt, cancellationToken),
            var several => LoginPage.RenderChoice(HttpContext, antiforgery, values, language, SignInChoices.Field,
                choices.Protect(request.Binding, several.Select(m => (m.TenantId, m.UserId)), authenticatedAt),
                several.OrderBy(m => m.TenantName, StringComparer.CurrentCultureIgnoreCase).Select(m => (m.TenantId, m.TenantName))),
        };
    }

    /// <summary>The company picked on the page that asked which one: it must be one that this request's sign-in opened, and
    /// the choice is used once.</summary>
    private async Task<IResult> ChooseAsync(IFormCollection form, AuthorizationRequest request, Dictionary<string, string> values, string language,
        CancellationToken cancellationToken)
    {
        var chosen = Guid.TryParse(form["tenant"], out var tenantId)
            ? await choices.UseAsync(form[SignInChoices.Field].ToString(), request.Binding, tenantId, cancellationToken)
            : null;
        // A choice that is expired, used, forged or not this request's, or a user deactivated or suspended since.
        return chosen is null
            ? LoginPage.Render(HttpContext, antiforgery, values, language, LoginError.ChoiceExpired)
            : await SignedInAsync(request, values, language, tenantId, chosen.UserId, chosen.AuthenticatedAt, cancellationToken);
    }

    /// <summary>Hands the signed-in user to OpenIddict, which sends the browser back to the client with a code, <c>state</c> and
    /// <c>iss</c>; a user deactivated or a company suspended since the password was checked is not signed in.</summary>
    private async Task<IResult> SignedInAsync(AuthorizationRequest request, Dictionary<string, string> values, string language, Guid tenantId,
        Guid userId, DateTimeOffset authenticatedAt, CancellationToken cancellationToken)
    {
        SignInUser? user;
        await using (var work = await db.BeginForTenantAsync(tenantId, cancellationToken))
            user = await SignInUser.LoadAsync(work, userId);
        if (user is null || !SignInCredentials.MaySignIn(user, request.Client))
            return LoginPage.Render(HttpContext, antiforgery, values, language, LoginError.ChoiceExpired);
        return Results.SignIn(TokenClaims.AtSignIn(user, request.Scopes, authenticatedAt),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
