using System.Security.Cryptography.X509Certificates;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>The certificate every test API encrypts its Data Protection key ring with: one per test run, in a temporary file,
/// made the way <c>--create-key-ring-certificate</c> makes it.</summary>
public static class TestKeyRing
{
    public const string Password = "test-key-ring-password";

    private static readonly Lazy<string> File = new(() => Write(KeyRing.CreateCertificate(DateTimeOffset.UtcNow), Password));

    public static string CertificatePath => File.Value;

    /// <summary>Writes a certificate as a PKCS #12 file in a temporary folder and returns its path.</summary>
    public static string Write(X509Certificate2 certificate, string password)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("saas-key-ring-").FullName, "key-ring.pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
