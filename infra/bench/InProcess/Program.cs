using System.Globalization;
using Saas.Bench.InProcess;

// infra/bench/auth and infra/bench/requests (see infra/bench/README.md). The API's services are built as its Program.cs
// builds them, from the same environment as the running API that the script started (which made the schema and the
// signing keys, and issued the admin's token); then requests run one after another on one thread and each round reads
// this process's CPU time, wall time and allocated bytes. Exit code 0: measured; 1: the run failed; 2: bad arguments.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var verbs = new Dictionary<string, Func<Arguments, Task<string>>>
{
    ["auth"] = AuthenticationCost.RunAsync,
    ["requests"] = RequestCost.RunAsync,
};
if (args.Length != 6 || !verbs.TryGetValue(args[0], out var run) || !int.TryParse(args[4], out var rounds) || !int.TryParse(args[5], out var perRound)
    || rounds < 1 || perRound < 1)
{
    Console.Error.WriteLine("usage: InProcess auth|requests <api-folder> <token-file> <report.md> <rounds> <requests-a-round>");
    return 2;
}
try
{
    var table = await run(new Arguments(args[1], (await File.ReadAllTextAsync(args[2])).Trim(), rounds, perRound));
    await File.WriteAllTextAsync(args[3], table);
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"in-process {args[0]}: the run failed: {e}");
    return 1;
}

namespace Saas.Bench.InProcess
{
    public sealed record Arguments(string ApiFolder, string Token, int Rounds, int PerRound);
}
