using System.ComponentModel;

namespace Saas.Api.Features.Identity.Revoke;

/// <summary>The form fields, for the OpenAPI document (the endpoint reads the form itself).</summary>
[DisplayName("RevokeForm")]
public sealed record Form(string token, string? token_type_hint, string? client_id, string? client_secret);
