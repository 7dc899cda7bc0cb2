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

LocalEndpointHost host;
try
{
    host = await LocalEndpointHost.StartAsync(options, Console.Out, Console.Error);
}
catch (Exception e) when (e is ArgumentException or StoreUnavailableException)
{
    // What is wrong and what to do, in one line: no stack trace for a setting or a file.
    Console.Error.WriteLine($"codestar-local: {e.Message}");
    return e is ArgumentException ? 2 : 1;
}
catch (Exception e) when (e is IOException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
{
    // Kestrel could not listen: the port is taken, the address is not this machine's, a certificate cannot be loaded.
    Console.Error.WriteLine($"codestar-local: cannot listen on {options.Urls}: {e.Message}");
    return 1;
}

await using var disposeHost = host;
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
