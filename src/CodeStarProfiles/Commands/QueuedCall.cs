using System;
using System.Threading;
using System.Threading.Tasks;
using CodeStarProfiles.Infrastructure;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// One call a cmdlet queues on its <see cref="Pipeline.BulkPipeline{TWork}"/>: the work, the session it
    /// runs on, and what a failure is reported with (the input row as target, the action and the item
    /// for the message). A value, carried inside the pipeline's own entry: no allocation of its own.
    /// </summary>
    internal readonly struct QueuedCall
    {
        public QueuedCall(ServiceSession session, Func<ServiceSession, CancellationToken, Task<Action>> work, object? target, string action, string item)
        {
            Session = session;
            Work = work;
            Target = target;
            Action = action;
            Item = item;
        }

        public ServiceSession Session { get; }

        public Func<ServiceSession, CancellationToken, Task<Action>> Work { get; }

        public object? Target { get; }

        public string Action { get; }

        public string Item { get; }
    }
}
