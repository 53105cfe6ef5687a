namespace Saas.Api.Features.Actuals.ListEvents;

/// <summary>Events have bigint ids; the shared cursor carries a Guid, which holds one losslessly.</summary>
public static class EventCursor
{
    public static Guid ToGuid(long id)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[8..], id);
        return new Guid(bytes);
    }

    public static long ToId(Guid cursor)
    {
        Span<byte> bytes = stackalloc byte[16];
        cursor.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[8..]);
    }
}
