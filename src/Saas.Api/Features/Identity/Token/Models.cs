using System.ComponentModel;

namespace Saas.Api.Features.Identity.Token;

/// <summary>The form fields, for the OpenAPI document (the endpoint reads the form itself).</summary>
[DisplayName("TokenEndpointForm")]
public sealed record Form(string grant_type, string? client_id, string? client_secret, string? scope, string? code,
    string? redirect_uri, string? code_verifier, string? refresh_token);
