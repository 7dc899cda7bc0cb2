using System.Management.Automation;
using System.Text;

namespace CodeStarProfiles.Examples;

/// <summary>
/// Reads a CSV file into objects the way Import-Csv does (the bare PowerShell engine hosted here
/// has no Import-Csv): the first line names the properties, every cell is a string, quoted
/// cells may hold commas, quotes ("") and line breaks, and an empty cell is an empty string.
/// </summary>
public static class Csv
{
    public static List<PSObject> Import(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var records = Parse(reader).ToList();
        if (records.Count == 0)
        {
            return new List<PSObject>();
        }

        var header = records[0];
        var rows = new List<PSObject>(records.Count - 1);
        foreach (var record in records.Skip(1))
        {
            var row = new PSObject();
            for (int i = 0; i < header.Count; i++)
            {
                row.Properties.Add(new PSNoteProperty(header[i], i < record.Count ? record[i] : null));
            }

            rows.Add(row);
        }

        return rows;
    }

    private static IEnumerable<List<string>> Parse(TextReader reader)
    {
        var record = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false, any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        cell.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                record.Add(cell.ToString());
                cell.Clear();
                yield return record;
                record = new List<string>();
                any = false;
            }
            else
            {
                cell.Append(ch);
            }
        }

        if (any)
        {
            record.Add(cell.ToString());
            yield return record;
        }
    }
}
