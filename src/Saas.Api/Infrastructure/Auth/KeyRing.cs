using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Where the certificate that encrypts Data Protection's key ring is (a PKCS #12 file), and the retired ones whose
/// keys may still need decrypting.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    public CertificateFile Certificate { get; set; } = new();

    /// <summary>Certificates replaced by <see cref="Certificate"/>: keys encrypted with them stay readable.</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];
}

public sealed class CertificateFile
{
    public string Path { get; set; } = "";

    public string Password { get; set; } = "";
}

/// <summary>Data Protection's key ring (ADR 0014): kept in PostgreSQL so that every instance shares it, each key encrypted with
/// a certificate before it is written, because the ring protects what the database holds besides it — the signing keys'
/// private halves, webhook secrets — and a copy of the database alone must not open them.</summary>
public static class KeyRing
{
    public const string CreateCertificateVerb = "--create-key-ring-certificate";

    private const string ApplicationName = "saas-api";

    public static IServiceCollection AddKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(KeyRingOptions.Section);
        var settings = section.Get<KeyRingOptions>() ?? new KeyRingOptions();
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DataProtectionKeyRepository(provider.GetRequiredService<NpgsqlDataSource>())));
        // Without a certificate the API does not start (the options check below); the verbs that never touch the ring
        // (--init-database, --migrate, --add-partner) still run.
        services.AddOptions<KeyRingOptions>().Bind(section)
            .Validate(options => options.Certificate.Path.Length > 0,
                $"DataProtection:Certificate:Path must name the certificate (PKCS #12) that encrypts the key ring (DataProtection__Certificate__Path, " +
                $"with DataProtection__Certificate__Password); '{CreateCertificateVerb}' creates one there.")
            .ValidateOnStart();
        if (settings.Certificate.Path.Length > 0)
        {
            var current = Load(settings.Certificate, "DataProtection:Certificate");
            var previous = settings.PreviousCertificates.Select((file, index) => Load(file, $"DataProtection:PreviousCertificates:{index}"));
            dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
        }
        return services;
    }

    /// <summary><c>--create-key-ring-certificate</c>: writes a self-signed certificate for the key ring to
    /// <c>DataProtection:Certificate:Path</c>, protected with its password, unless a file is there already (which is kept).</summary>
    public static int? RunCreateCertificateCommand(IConfiguration configuration, string[] args)
    {
        if (!args.Contains(CreateCertificateVerb))
            return null;
        var file = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>()?.Certificate ?? new CertificateFile();
        if (file.Path.Length == 0)
        {
            Console.Error.WriteLine($"{CreateCertificateVerb} writes to DataProtection:Certificate:Path (DataProtection__Certificate__Path); it is not set.");
            return 2;
        }
        if (File.Exists(file.Path))
        {
            Console.WriteLine($"{file.Path} exists; kept.");
            return 0;
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file.Path))!);
        using var certificate = CreateCertificate(DateTimeOffset.UtcNow);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(file.Path, options))
            stream.Write(certificate.Export(X509ContentType.Pkcs12, file.Password));
        Console.WriteLine($"Wrote the key ring certificate {certificate.Thumbprint} to {file.Path}. Keep a copy: without it the key ring cannot be read.");
        return 0;
    }

    /// <summary>A self-signed RSA certificate for encrypting keys (the key ring does not check its dates or chain).</summary>
    public static X509Certificate2 CreateCertificate(DateTimeOffset now)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=saas-api key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
    }

    private static X509Certificate2 Load(CertificateFile file, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"{setting}: cannot read the certificate '{file.Path}' with the password given: {exception.Message}", exception);
        }
        using var privateKey = certificate.GetRSAPrivateKey();
        if (privateKey is null)
            throw new InvalidOperationException($"{setting}: '{file.Path}' holds no RSA private key; the key ring needs one to encrypt and decrypt.");
        return certificate;
    }
}
