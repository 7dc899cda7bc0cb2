using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CodeStarProfiles.Build;

/// <summary>
/// Turns platyPS markdown (schema 2.0.0) into the MAML that Get-Help reads, the way platyPS's
/// New-ExternalHelp does: one command element per cmdlet page, syntax items per parameter set
/// from the parameters' yaml blocks, parameters, inputs, outputs, notes, examples and links.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    /// <summary>A parameter as a page documents it: description and one yaml block per group of parameter sets.</summary>
    public sealed record ParameterDoc(string Name, string Description, List<Dictionary<string, string>> Blocks);

    /// <summary>A cmdlet page, parsed.</summary>
    public sealed record CommandDoc(
        string Name,
        string Synopsis,
        List<string> Description,
        List<(string Name, bool IsDefault, List<string> Order)> Syntax,
        List<(string Title, string Code, List<string> Remarks)> Examples,
        List<ParameterDoc> Parameters,
        List<(string Type, string Text)> Inputs,
        List<(string Type, string Text)> Outputs,
        List<string> Notes,
        List<(string Text, string Uri)> Links);

    public static CommandDoc Parse(string markdown)
    {
        markdown = markdown.Replace("\r\n", "\n");
        var doc = Markdown.Parse(markdown, Pipeline);
        string name = string.Empty, section = string.Empty, synopsis = string.Empty;
        var description = new List<string>();
        var syntax = new List<(string, bool, List<string>)>();
        var examples = new List<(string, string, List<string>)>();
        var parameters = new List<ParameterDoc>();
        var inputs = new List<(string, string)>();
        var outputs = new List<(string, string)>();
        var notes = new List<string>();
        var links = new List<(string, string)>();
        string? subheading = null;

        foreach (var block in doc)
        {
            switch (block)
            {
                case Markdig.Extensions.Yaml.YamlFrontMatterBlock front:
                    // platyPS makes 'online version' the first related link, which Get-Help -Online opens.
                    var online = Regex.Match(front.Lines.ToString(), @"^online version:[ \t]*(\S+)[ \t]*$", RegexOptions.Multiline);
                    if (online.Success)
                    {
                        links.Insert(0, ("Online Version:", online.Groups[1].Value));
                    }

                    break;
                case HeadingBlock h when h.Level == 1:
                    name = Text(h.Inline);
                    break;
                case HeadingBlock h when h.Level == 2:
                    section = Text(h.Inline).Trim().ToUpperInvariant();
                    subheading = null;
                    break;
                case HeadingBlock h when h.Level == 3:
                    subheading = Text(h.Inline).Trim();
                    switch (section)
                    {
                        case "SYNTAX":
                            bool isDefault = subheading.EndsWith(" (Default)", StringComparison.Ordinal);
                            syntax.Add((isDefault ? subheading[..^" (Default)".Length] : subheading, isDefault, new List<string>()));
                            break;
                        case "EXAMPLES":
                            examples.Add((subheading, string.Empty, new List<string>()));
                            break;
                        case "PARAMETERS" when subheading.StartsWith('-'):
                            parameters.Add(new ParameterDoc(subheading[1..], string.Empty, new List<Dictionary<string, string>>()));
                            break;
                        case "INPUTS":
                            inputs.Add((subheading, string.Empty));
                            break;
                        case "OUTPUTS":
                            outputs.Add((subheading, string.Empty));
                            break;
                    }

                    break;
                case FencedCodeBlock code:
                    string text = code.Lines.ToString().TrimEnd();
                    if (section == "SYNTAX" && syntax.Count > 0)
                    {
                        syntax[^1].Item3.AddRange(Regex.Matches(text, @"(?<![\w-])-(\w+)").Select(m => m.Groups[1].Value));
                    }
                    else if (section == "EXAMPLES" && examples.Count > 0)
                    {
                        var (title, existing, remarks) = examples[^1];
                        examples[^1] = (title, existing.Length == 0 ? text : existing + "\n" + text, remarks);
                    }
                    else if (section == "PARAMETERS" && parameters.Count > 0 && code.Info == "yaml")
                    {
                        parameters[^1].Blocks.Add(Yaml(text));
                    }

                    break;
                case ParagraphBlock p:
                    string para = Source(markdown, p);
                    switch (section)
                    {
                        case "SYNOPSIS": synopsis = Join(synopsis, para); break;
                        case "DESCRIPTION": description.Add(para); break;
                        case "EXAMPLES" when examples.Count > 0: examples[^1].Item3.Add(para); break;
                        case "PARAMETERS" when parameters.Count > 0 && subheading != "CommonParameters":
                            parameters[^1] = parameters[^1] with { Description = Join(parameters[^1].Description, para) };
                            break;
                        case "INPUTS" when inputs.Count > 0: inputs[^1] = (inputs[^1].Item1, Join(inputs[^1].Item2, para)); break;
                        case "OUTPUTS" when outputs.Count > 0: outputs[^1] = (outputs[^1].Item1, Join(outputs[^1].Item2, para)); break;
                        case "NOTES": notes.Add(para); break;
                        case "RELATED LINKS":
                            foreach (var link in p.Inline!.Descendants<LinkInline>())
                            {
                                links.Add((Text(link), link.Url ?? string.Empty));
                            }

                            break;
                    }

                    break;
            }
        }

        return new CommandDoc(name, synopsis, description, syntax, examples, parameters, inputs, outputs, notes, links);
    }

    public static XDocument ToMaml(IEnumerable<CommandDoc> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var c in commands)
        {
            root.Add(Command_(c));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Command_(CommandDoc c)
    {
        var dash = c.Name.IndexOf('-');
        var command = new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", c.Name[..dash]),
                new XElement(Command + "noun", c.Name[(dash + 1)..]),
                Description(new[] { c.Synopsis })),
            Description(c.Description));

        var syntax = new XElement(Command + "syntax");
        foreach (var (set, _, order) in c.Syntax)
        {
            var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", c.Name));
            foreach (var pname in order.Distinct())
            {
                var p = c.Parameters.FirstOrDefault(x => x.Name == pname);
                var block = p == null ? null : BlockFor(p, set);
                if (p != null && block != null)
                {
                    item.Add(Parameter(p, block));
                }
            }

            syntax.Add(item);
        }

        command.Add(syntax);
        var parameters = new XElement(Command + "parameters");
        foreach (var p in c.Parameters)
        {
            var block = p.Blocks.FirstOrDefault(b => b.GetValueOrDefault("Required") == "True") ?? p.Blocks.FirstOrDefault();
            if (block != null)
            {
                parameters.Add(Parameter(p, block));
            }
        }

        command.Add(parameters);
        command.Add(new XElement(Command + "inputTypes", c.Inputs.Select(i => new XElement(Command + "inputType", TypeElement(i.Type), Description(new[] { i.Text })))));
        command.Add(new XElement(Command + "returnValues", c.Outputs.Select(o => new XElement(Command + "returnValue", TypeElement(o.Type), Description(new[] { o.Text })))));
        command.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", c.Notes.Select(n => new XElement(Maml + "para", n)))));
        command.Add(new XElement(Command + "examples", c.Examples.Select(e => new XElement(Command + "example",
            new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
            new XElement(Dev + "code", e.Code),
            new XElement(Dev + "remarks", e.Remarks.Select(r => new XElement(Maml + "para", r)))))));
        command.Add(new XElement(Command + "relatedLinks", c.Links.Select(l => new XElement(Maml + "navigationLink",
            new XElement(Maml + "linkText", l.Text),
            new XElement(Maml + "uri", l.Uri.EndsWith(".md", StringComparison.Ordinal) && !l.Uri.Contains("://", StringComparison.Ordinal) ? string.Empty : l.Uri)))));
        return command;
    }

    /// <summary>The yaml block that applies to a parameter set ("(All)" applies to every set).</summary>
    public static Dictionary<string, string>? BlockFor(ParameterDoc p, string set) =>
        p.Blocks.FirstOrDefault(b => b.GetValueOrDefault("Parameter Sets", string.Empty).Split(',').Select(s => s.Trim()).Any(s => s == set || s == "(All)"));

    private static XElement Parameter(ParameterDoc p, Dictionary<string, string> b)
    {
        string type = b.GetValueOrDefault("Type", "String");
        string aliases = b.GetValueOrDefault("Aliases", string.Empty);
        string position = b.GetValueOrDefault("Position", "Named");
        var element = new XElement(Command + "parameter",
            new XAttribute("required", b.GetValueOrDefault("Required", "False").ToLowerInvariant()),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", b.GetValueOrDefault("Accept wildcard characters", "False").ToLowerInvariant()),
            new XAttribute("pipelineInput", b.GetValueOrDefault("Accept pipeline input", "False")),
            new XAttribute("position", position == "Named" ? "named" : position),
            new XAttribute("aliases", aliases.Length == 0 ? "none" : aliases),
            new XElement(Maml + "name", p.Name),
            Description(Paragraphs(p.Description)));
        if (type != "SwitchParameter")
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), type));
        }

        element.Add(TypeElement(type), new XElement(Dev + "defaultValue", b.GetValueOrDefault("Default value", "None")));
        return element;
    }

    private static XElement TypeElement(string type) => new(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<string> paragraphs) =>
        new(Maml + "description", paragraphs.Select(p => new XElement(Maml + "para", p)));

    private static IEnumerable<string> Paragraphs(string text) => text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string> Yaml(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
            {
                map[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return map;
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : a + "\n\n" + b;

    /// <summary>A block's text as written; <paramref name="markdown"/> is the text it was parsed from (line endings already normalised).</summary>
    private static string Source(string markdown, Block block) =>
        markdown.Substring(block.Span.Start, block.Span.Length).Trim();

    private static string Text(ContainerInline? inline)
    {
        var sb = new StringBuilder();
        if (inline == null)
        {
            return string.Empty;
        }

        foreach (var leaf in inline.Descendants<LiteralInline>())
        {
            sb.Append(leaf.Content.ToString());
        }

        foreach (var code in inline.Descendants<CodeInline>())
        {
            sb.Append(code.Content);
        }

        return sb.ToString();
    }

    /// <summary>The about_ topic as Get-Help shows it: headings on their own line, text indented and wrapped at 80 columns.</summary>
    public static string AboutText(string markdown)
    {
        var sb = new StringBuilder();
        string source = markdown.Replace("\r\n", "\n");
        var doc = Markdown.Parse(source, Pipeline);
        foreach (var block in doc)
        {
            switch (block)
            {
                case HeadingBlock h when h.Level == 1:
                    sb.Append("TOPIC\n    ").Append(Text(h.Inline).Trim()).Append("\n\n");
                    break;
                case HeadingBlock h:
                    sb.Append(h.Level == 2 ? string.Empty : "  ").Append(Text(h.Inline).Trim().ToUpperInvariant()).Append('\n');
                    break;
                case ParagraphBlock p:
                    Wrap(sb, Source(source, p).Replace('\n', ' '), "    ");
                    sb.Append('\n');
                    break;
                case ListBlock list:
                    int n = 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        string marker = list.IsOrdered ? $"{n++}. " : "- ";
                        Wrap(sb, marker + string.Join(' ', item.OfType<ParagraphBlock>().Select(x => Source(source, x).Replace('\n', ' '))), "    ", "       ");
                    }

                    sb.Append('\n');
                    break;
                case CodeBlock code:
                    foreach (var line in code.Lines.ToString().TrimEnd().Split('\n'))
                    {
                        sb.Append("        ").Append(line.TrimEnd()).Append('\n');
                    }

                    sb.Append('\n');
                    break;
            }
        }

        return sb.ToString();
    }

    private static void Wrap(StringBuilder sb, string text, string indent, string? continuation = null)
    {
        var line = new StringBuilder(indent);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > 80 && line.Length > indent.Length)
            {
                sb.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(continuation ?? indent);
            }

            line.Append(word).Append(' ');
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
