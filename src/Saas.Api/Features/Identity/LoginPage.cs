using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace Saas.Api.Features.Identity;

public enum LoginError
{
    Invalid,
    Locked,
    ChoiceExpired,
}

/// <summary>The server-rendered pages of the token service: the sign-in form (e-mail, password, antiforgery token), the question
/// which company to sign in to when the password opens several, and the pages that end a sign-in or refuse a link; never
/// framed.</summary>
public static class LoginPage
{
    public const string UnknownClient = "unknown_client";
    public const string UnknownRedirect = "unknown_redirect";

    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new()
    {
        ["en"] = new()
        {
            ["title"] = "Sign in",
            ["email"] = "E-mail",
            ["password"] = "Password",
            ["submit"] = "Sign in",
            [nameof(LoginError.Invalid)] = "The e-mail or password is incorrect.",
            [nameof(LoginError.Locked)] = "Too many failed attempts. Sign-in is locked for a while; try again later.",
            [nameof(LoginError.ChoiceExpired)] = "Your sign-in has expired. Please sign in again.",
            ["choose_title"] = "Choose a company",
            ["choose_text"] = "Your e-mail address belongs to several companies. Which one do you want to sign in to?",
            [UnknownClient] = "This sign-in link names an application that is not registered.",
            [UnknownRedirect] = "This sign-in link would return you to an address the application did not register.",
            ["error_title"] = "Sign-in cannot continue",
            ["signed_out_title"] = "Signed out",
            ["signed_out_text"] = "You are signed out. You can close this page.",
            ["sign_out_error_title"] = "Sign-out cannot continue",
            ["sign_out_error_text"] = "This sign-out link is not valid: it names an application or a return address that was not registered.",
        },
        ["ru"] = new()
        {
            ["title"] = "Вход",
            ["email"] = "Электронная почта",
            ["password"] = "Пароль",
            ["submit"] = "Войти",
            [nameof(LoginError.Invalid)] = "Неверная электронная почта или пароль.",
            [nameof(LoginError.Locked)] = "Слишком много неудачных попыток. Вход временно заблокирован, попробуйте позже.",
            [nameof(LoginError.ChoiceExpired)] = "Время входа истекло. Войдите снова.",
            ["choose_title"] = "Выберите компанию",
            ["choose_text"] = "Ваш адрес электронной почты есть в нескольких компаниях. В какую вы хотите войти?",
            [UnknownClient] = "Ссылка для входа указывает на незарегистрированное приложение.",
            [UnknownRedirect] = "Ссылка для входа вернула бы вас на адрес, который приложение не регистрировало.",
            ["error_title"] = "Вход невозможен",
            ["signed_out_title"] = "Вы вышли",
            ["signed_out_text"] = "Вы вышли из системы. Эту страницу можно закрыть.",
            ["sign_out_error_title"] = "Выход невозможен",
            ["sign_out_error_text"] = "Ссылка для выхода недействительна: в ней незарегистрированное приложение или адрес возврата.",
        },
    };

    public static IResult Render(HttpContext http, IAntiforgery antiforgery, Dictionary<string, string> request, string language,
        LoginError? error, string email = "")
    {
        var text = Texts[language];
        var alert = error is { } problem ? $"<p class=\"error\" role=\"alert\">{Encode(text[problem.ToString()])}</p>" : "";
        var html = FormStart(http, antiforgery, request, language, text["title"], alert);
        html.Append($"<label>{text["email"]}<input type=\"email\" name=\"email\" value=\"{Encode(email)}\" autocomplete=\"username\" required autofocus></label>");
        html.Append($"<label>{text["password"]}<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>");
        html.Append($"<button type=\"submit\">{text["submit"]}</button></form></main></body></html>");
        return Page(http, html.ToString(), StatusCodes.Status200OK);
    }

    /// <summary>Asks which company to sign in to: one button per company, posting the same authorization request back with
    /// the protected choice (<paramref name="choice"/>) and the company's id as <c>tenant</c>.</summary>
    public static IResult RenderChoice(HttpContext http, IAntiforgery antiforgery, Dictionary<string, string> request, string language,
        string choiceField, string choice, IEnumerable<(Guid TenantId, string Name)> companies)
    {
        var text = Texts[language];
        var html = FormStart(http, antiforgery, new Dictionary<string, string>(request) { [choiceField] = choice }, language, text["choose_title"],
            $"<p>{Encode(text["choose_text"])}</p>");
        foreach (var (tenantId, name) in companies)
            html.Append($"<button type=\"submit\" name=\"tenant\" value=\"{tenantId}\">{Encode(name)}</button>");
        html.Append("</form></main></body></html>");
        return Page(http, html.ToString(), StatusCodes.Status200OK);
    }

    /// <summary>The page up to its open form: the title, <paramref name="intro"/> (HTML), then the form with the antiforgery token
    /// and the authorization request as hidden fields.</summary>
    private static StringBuilder FormStart(HttpContext http, IAntiforgery antiforgery, Dictionary<string, string> hidden, string language, string title,
        string intro)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = new StringBuilder();
        html.Append($"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append($"<title>{title}</title><style>{Style}</style></head><body><main><h1>{title}</h1>{intro}");
        html.Append("<form method=\"post\" action=\"/connect/authorize\">");
        html.Append($"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken!)}\">");
        foreach (var (name, value) in hidden)
            html.Append($"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">");
        return html;
    }

    public static IResult Error(HttpContext http, string language, string reason) =>
        Message(http, language, "error_title", reason, StatusCodes.Status400BadRequest);

    /// <summary>After a sign-out whose client named no address to return to.</summary>
    public static IResult SignedOut(HttpContext http, string language) =>
        Message(http, language, "signed_out_title", "signed_out_text", StatusCodes.Status200OK);

    public static IResult SignOutError(HttpContext http, string language) =>
        Message(http, language, "sign_out_error_title", "sign_out_error_text", StatusCodes.Status400BadRequest);

    private static IResult Message(HttpContext http, string language, string title, string message, int status)
    {
        var text = Texts[language];
        var html = $"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{text[title]}</title>" +
            $"<style>{Style}</style></head><body><main><h1>{text[title]}</h1><p{(status >= 400 ? " class=\"error\"" : "")}>{Encode(text[message])}</p>" +
            "</main></body></html>";
        return Page(http, html, status);
    }

    private static IResult Page(HttpContext http, string html, int status)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private const string Style =
        "body{font-family:system-ui,sans-serif;background:#f4f5f7;display:flex;justify-content:center;padding-top:10vh}" +
        "main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:20rem}" +
        "label{display:block;margin:.8rem 0}input[type=email],input[type=password]{display:block;width:100%;padding:.5rem;margin-top:.3rem;box-sizing:border-box}" +
        "button{display:block;width:100%;padding:.6rem;margin-top:.8rem}.error{color:#b00020}";
}
