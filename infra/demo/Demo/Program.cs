using System.Globalization;
using Saas.Demo;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Options.Usage);
    return 0;
}
var options = Options.Parse(args);
if (options is null)
    return 2;
try
{
    return await new DemoCompany(options).RunAsync();
}
catch (DemoException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
