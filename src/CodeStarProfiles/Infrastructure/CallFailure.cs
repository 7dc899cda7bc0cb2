namespace CodeStarProfiles.Infrastructure
{
    /// <summary>Why a call failed, as the cmdlets report it: error id, message with advice, and the exception.</summary>
    internal sealed class CallFailure
    {
        public CallFailure(string errorId, string message, string recommendedAction, CodeStarProfileException exception, bool refusesEveryRequest = false)
        {
            ErrorId = errorId;
            Message = message;
            RecommendedAction = recommendedAction;
            Exception = exception;
            RefusesEveryRequest = refusesEveryRequest;
        }

        /// <summary>The service refused the credentials or signature themselves: the command stops after reporting this item (CredentialsRefused).</summary>
        public bool RefusesEveryRequest { get; }

        public string ErrorId { get; }

        public string Message { get; }

        public string RecommendedAction { get; }

        public CodeStarProfileException Exception { get; }
    }
}
