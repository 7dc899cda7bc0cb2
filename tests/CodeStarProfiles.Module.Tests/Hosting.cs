using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Module.Tests;

/// <summary>Where the built module is: out/CodeStarProfiles under the repository root.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    public static string ModuleManifest => Path.Combine(Root, "out", "CodeStarProfiles", "CodeStarProfiles.psd1");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CodeStarProfiles.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}

/// <summary>A real local endpoint for a test class, and fresh runspaces with the module imported.</summary>
public class ModuleFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "codestar-module-tests-" + Guid.NewGuid().ToString("N"));

    public LocalEndpointHost Endpoint { get; private set; } = null!;

    public string Url => Endpoint.Url;

    public string Directory => _dir;

    protected virtual EndpointOptions Options => new() { Urls = "http://127.0.0.1:0", Database = Path.Combine(_dir, "codestar.db"), Log = "none" };

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(_dir);
        Endpoint = await LocalEndpointHost.StartAsync(Options);
    }

    public async Task DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A session with the module imported and $Endpoint, $Creds (splat hashtable for the local endpoint) set.</summary>
    public PsSession NewSession(bool importModule = true) => new(this, importModule);

    private static int _counter;

    public static string NewArn(string prefix = "user") => $"arn:aws:iam::123456789012:user/{prefix}{Interlocked.Increment(ref _counter):D5}";
}

/// <summary>One runspace with a capturing host: what a user would see, as text.</summary>
public sealed class PsSession : IDisposable
{
    private readonly Runspace _runspace;

    public PsSession(ModuleFixture fixture, bool importModule)
    {
        Host = new CapturingHost();
        var iss = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(Host, iss);
        _runspace.Open();
        _runspace.SessionStateProxy.SetVariable("Endpoint", fixture.Url);
        var splat = new System.Collections.Hashtable
        {
            ["EndpointUrl"] = fixture.Url,
            ["Region"] = "us-east-1",
            ["AccessKey"] = EndpointOptions.DefaultAccessKeyId,
            ["SecretKey"] = EndpointOptions.DefaultSecretKey,
        };
        _runspace.SessionStateProxy.SetVariable("Conn", splat);
        _runspace.SessionStateProxy.SetVariable("ModulePath", Repo.ModuleManifest);
        if (importModule)
        {
            Run("Import-Module $ModulePath -ErrorAction Stop");
        }
    }

    public CapturingHost Host { get; }

    /// <summary>For tests that drive a pipeline themselves (BeginInvoke, Stop).</summary>
    public Runspace Runspace => _runspace;

    /// <summary>Runs a script; returns its output and the errors it wrote (non-terminating ones included).</summary>
    public RunResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        if (variables != null)
        {
            foreach (var (k, v) in variables)
            {
                _runspace.SessionStateProxy.SetVariable(k, v);
            }
        }

        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            output = new Collection<PSObject>();
            terminating = e;
        }

        return new RunResult(output, ps.Streams.Error.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(), terminating);
    }

    public object? Get(string variable) => _runspace.SessionStateProxy.GetVariable(variable);

    public void Dispose() => _runspace.Dispose();
}

public sealed record RunResult(Collection<PSObject> Output, List<ErrorRecord> Errors, List<string> Verbose, Exception? Terminating)
{
    public T Single<T>() => (T)Assert.Single(Output).BaseObject;

    public dynamic? Prop(int index, string name) => Output[index].Properties[name]?.Value;
}

/// <summary>A PSHost whose UI records all text written to it (ANSI stripped), progress records and prompts.</summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingUI _ui = new();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "CodeStarProfilesTestHost";

    public override PSHostUserInterface UI => _ui;

    public override Version Version => new(1, 0);

    public string Text => _ui.Text;

    public List<ProgressRecord> Progress => _ui.ProgressRecords;

    public int Prompts => _ui.Prompts;

    public void ClearText() => _ui.Clear();

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class CapturingUI : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();
        private readonly object _gate = new();

        public List<ProgressRecord> ProgressRecords { get; } = new();

        public int Prompts { get; private set; }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public override PSHostRawUserInterface? RawUI { get; } = new FixedRawUI(160);

        public void Clear()
        {
            lock (_gate)
            {
                _text.Clear();
                ProgressRecords.Clear();
            }
        }

        public override void Write(string value) => Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

        public override void WriteLine(string value) => Append(value + "\n");

        public override void WriteErrorLine(string value) => Append("ERROR: " + value + "\n");

        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");

        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");

        public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (_gate)
            {
                ProgressRecords.Add(record);
            }
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            Prompts++;
            throw new PSInvalidOperationException("The test host cannot prompt (non-interactive).");
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts++;
            throw new PSInvalidOperationException("The test host cannot prompt (non-interactive).");
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();

        private void Append(string value)
        {
            lock (_gate)
            {
                _text.Append(GetOutputString(value, false));
            }
        }
    }
}

