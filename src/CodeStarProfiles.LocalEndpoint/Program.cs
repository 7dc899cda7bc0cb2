using CodeStarProfiles.LocalEndpoint;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("CodeStar-compatible local endpoint (user profiles).");
    Console.WriteLine("usage: dotnet run --project src/CodeStarProfiles.LocalEndpoint -- [options]");
    foreach (var (sw, env, help) in EndpointOptions.Table)
    {
        Console.WriteLine($"  {sw,-16} {help}  [env {env}]");
    }

    return 0;
}

EndpointOptions options;
try
{
    options = EndpointOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await using var host = await LocalEndpointHost.StartAsync(options, Console.Out);
Console.WriteLine($"CodeStar local endpoint listening on {host.Url}");
Console.WriteLine($"  region {options.Region}, access key id {options.AccessKeyId}, database {Path.GetFullPath(options.Database)}");
if (options.InjectsFaults)
{
    Console.WriteLine($"  faults: throttle {options.ThrottleRps}/s, fault rate {options.FaultRate}, drop rate {options.DropRate}, latency {options.LatencyMs} ms, stall rate {options.StallRate} ({options.StallMs} ms)");
}

Console.WriteLine("Press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
Console.WriteLine("Stopped.");
return 0;
