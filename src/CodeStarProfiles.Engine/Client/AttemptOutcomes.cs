using System;
using System.Net.Sockets;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>Whether a failed attempt that got no HTTP answer may still have reached the service.</summary>
    internal static class AttemptOutcomes
    {
        /// <summary>
        /// False when the connection was never made (refused, unreachable, the name unknown): the
        /// request was not sent, so the service did nothing. True for every other connection
        /// failure or timeout: the request may have been read and carried out before the answer
        /// was lost. False for what is not a connection failure at all.
        /// </summary>
        public static bool MayHaveBeenSent(Exception e) => ErrorClassifier.IsConnectionFailure(e) && !NeverSent(e);

        /// <summary>The connection was never made: refused, unreachable, or the name unknown.</summary>
        public static bool NeverSent(Exception e)
        {
            for (var x = e; x != null; x = x.InnerException)
            {
                if (x is SocketException s)
                {
                    switch (s.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.AddressNotAvailable:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                            return true;
                    }
                }
            }

            return false;
        }
    }
}
