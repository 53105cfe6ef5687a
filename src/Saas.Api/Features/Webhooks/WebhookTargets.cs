using System.Net;
using System.Net.Sockets;

namespace Saas.Api.Features.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Plain http targets; for development only (the development settings turn it on).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Targets on loopback, private, link-local and other non-public addresses; for development only. Without
    /// it, a subscriber could make the API call into its own network.</summary>
    public bool AllowPrivateNetworks { get; set; }

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after the event a delivery is still retried; after that it is marked failed.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most <see cref="WebhookDispatcher.MaxRequestTimeout"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Which URLs deliveries may go to. Checked when a subscription is saved (scheme, host, literal addresses)
/// and again on every connection (<see cref="IsAllowed(IPAddress, WebhookOptions)"/> on the resolved address), so that
/// a name that later resolves to a private address (DNS rebinding) is refused too.</summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2000;

    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/3"),
        // IPv4-compatible (::a.b.c.d, with :: and ::1), local-use NAT64, discard, documentation, 6to4 (it embeds any IPv4),
        // unique-local, link-local, site-local, multicast.
        IPNetwork.Parse("::/96"), IPNetwork.Parse("64:ff9b:1::/48"), IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("2002::/16"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Well-known NAT64: allowed (IPv6-only networks reach the IPv4 internet through it) when the IPv4 address it
    /// carries is public.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Ports a public target may use; any other would let subscribers probe services.</summary>
    private static readonly int[] HttpsPorts = [443, 8443];
    private static readonly int[] HttpPorts = [80, 8080];

    /// <summary>Why <paramref name="url"/> cannot be a target, or null when it can.</summary>
    public static string? Problem(string? url, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(url))
            return "'url' is required.";
        if (url.Length > MaxUrlLength)
            return $"'url' must be at most {MaxUrlLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return "'url' must be an absolute https URL.";
        if (uri.Scheme == "http" && !options.AllowHttp)
            return "'url' must use https.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "'url' must not carry a user name or password; authenticate deliveries by their signature.";
        if (!string.IsNullOrEmpty(uri.Fragment))
            return "'url' must not have a fragment.";
        if (options.AllowPrivateNetworks)
            return null;
        if (!(uri.Scheme == "https" ? HttpsPorts : HttpPorts).Contains(uri.Port))
            return $"'url' must use port {string.Join(" or ", uri.Scheme == "https" ? HttpsPorts : HttpPorts)}.";
        var host = uri.IdnHost.TrimEnd('.');
        if (IPAddress.TryParse(host, out var address))
            return IsAllowed(address, options) ? null : "'url' points at a loopback, private or reserved address.";
        if (!host.Contains('.') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase))
            return "'url' must name a public host.";
        return null;
    }

    public static bool IsAllowed(IPAddress address, WebhookOptions options)
    {
        if (options.AllowPrivateNetworks)
            return true;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        else if (Nat64.Contains(address))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        return !NonPublic.Any(network => network.Contains(address));
    }

    /// <summary>Connects only to allowed addresses of the host, refusing the connection otherwise.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, WebhookOptions options, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = addresses.Where(a => IsAllowed(a, options)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException("The target resolves to no address deliveries may go to.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
