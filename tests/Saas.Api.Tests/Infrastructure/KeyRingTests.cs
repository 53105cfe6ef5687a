using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>Data Protection's key ring is kept in the database encrypted with a configured certificate; a replaced certificate
/// still opens the keys it encrypted; without one the API does not start.</summary>
public class KeyRingTests
{
    private static readonly XNamespace XmlEncryption = "http://www.w3.org/2001/04/xmlenc#";

    [Fact]
    public async Task Keys_reach_the_database_encrypted_with_the_certificate_and_never_in_the_clear()
    {
        var database = await TestDatabase.CreateAsync();
        using var certificate = KeyRing.CreateCertificate(DateTimeOffset.UtcNow);
        await using var services = Services(database, (certificate, "one"));

        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("webhook secret", protector.Unprotect(protector.Protect("webhook secret")));

        var keys = await StoredKeysAsync(database);
        var key = Assert.Single(keys);
        var masterKey = key.Descendants().Single(element => element.Name.LocalName == "encryptedSecret");
        Assert.Contains("EncryptedXmlDecryptor", (string?)masterKey.Attribute("decryptorType"));
        Assert.NotNull(masterKey.Descendants(XmlEncryption + "EncryptedData").SingleOrDefault());
        Assert.Equal(Convert.ToBase64String(certificate.RawData),
            key.Descendants().Single(element => element.Name.LocalName == "X509Certificate").Value);
        Assert.DoesNotContain(key.Descendants(), element => element.Name.LocalName == "masterKey");
    }

    [Fact]
    public async Task A_replaced_certificate_listed_as_previous_still_opens_the_keys_it_encrypted_and_nothing_else_does()
    {
        var database = await TestDatabase.CreateAsync();
        using var first = KeyRing.CreateCertificate(DateTimeOffset.UtcNow);
        using var second = KeyRing.CreateCertificate(DateTimeOffset.UtcNow);
        string protectedBefore;
        await using (var before = Services(database, (first, "first")))
            protectedBefore = before.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("signing key");

        await using (var after = Services(database, (second, "second"), (first, "first")))
            Assert.Equal("signing key", after.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedBefore));

        await using var withoutThePrevious = Services(database, (second, "second"));
        Assert.ThrowsAny<CryptographicException>(() =>
            withoutThePrevious.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedBefore));
    }

    [Fact]
    public async Task The_api_refuses_to_start_without_a_certificate_and_says_which_setting_and_verb()
    {
        var database = await TestDatabase.CreateAsync();
        var (exitCode, output) = await ApiCommand.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = database.ApplicationConnectionString,
            ["Database__MigrateOnStartup"] = "false",
        }, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("DataProtection:Certificate:Path must name the certificate", output);
        Assert.Contains("--create-key-ring-certificate", output);
    }

    [Fact]
    public async Task The_verb_writes_a_certificate_only_its_owner_can_read_and_keeps_one_that_is_there()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("saas-key-ring-").FullName, "keys", "key-ring.pfx");
        var environment = new Dictionary<string, string>
        {
            ["DataProtection__Certificate__Path"] = path,
            ["DataProtection__Certificate__Password"] = "pfx password",
        };

        var (exitCode, output) = await ApiCommand.RunAsync(environment, "--create-key-ring-certificate");
        Assert.True(exitCode == 0, output);
        using var written = X509CertificateLoader.LoadPkcs12FromFile(path, "pfx password");
        using (var privateKey = written.GetRSAPrivateKey())
            Assert.Equal(3072, privateKey!.KeySize);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        (exitCode, output) = await ApiCommand.RunAsync(environment, "--create-key-ring-certificate");
        Assert.True(exitCode == 0, output);
        Assert.Contains("exists; kept", output);
        using var kept = X509CertificateLoader.LoadPkcs12FromFile(path, "pfx password");
        Assert.Equal(written.Thumbprint, kept.Thumbprint);
    }

    /// <summary>The API's own Data Protection registration, on the test database, with these certificates (the first one
    /// current) written to files as an operator would give them.</summary>
    private static ServiceProvider Services(TestDatabase database, params (X509Certificate2 Certificate, string Password)[] certificates)
    {
        var settings = new Dictionary<string, string?>();
        for (var index = 0; index < certificates.Length; index++)
        {
            var prefix = index == 0 ? "DataProtection:Certificate" : $"DataProtection:PreviousCertificates:{index - 1}";
            settings[$"{prefix}:Path"] = TestKeyRing.Write(certificates[index].Certificate, certificates[index].Password);
            settings[$"{prefix}:Password"] = certificates[index].Password;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(NpgsqlDataSource.Create(database.ApplicationConnectionString));
        services.AddKeyRing(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<List<XElement>> StoredKeysAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ApplicationConnectionString);
        return (await connection.QueryAsync<string>("select xml from data_protection_keys order by id")).Select(XElement.Parse).ToList();
    }
}
