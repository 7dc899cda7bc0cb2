namespace CodeStarProfiles.Infrastructure
{
    /// <summary>Why a call failed, as the cmdlets report it: error id, message with advice, and the exception.</summary>
    internal sealed class CallFailure
    {
        public CallFailure(string errorId, string message, string recommendedAction, CodeStarProfileException exception)
        {
            ErrorId = errorId;
            Message = message;
            RecommendedAction = recommendedAction;
            Exception = exception;
        }

        public string ErrorId { get; }

        public string Message { get; }

        public string RecommendedAction { get; }

        public CodeStarProfileException Exception { get; }
    }
}
