namespace CodeStarProfiles.Commands
{
    /// <summary>Parameter set names, as constants.</summary>
    internal static class ParameterSets
    {
        public const string Parameters = "Parameters";
        public const string InputObject = "InputObject";
        public const string UserArn = "UserArn";
        public const string List = "List";
    }
}
