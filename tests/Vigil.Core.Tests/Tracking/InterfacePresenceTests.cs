using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

public class InterfacePresenceTests
{
    private static InterfacePresence Watch(params (string Name, int Index)[] names) =>
        new(names.Select(n => KeyValuePair.Create(n.Name, n.Index)));

    [Fact]
    public void Created_WatchedNameMissingAtStart_Appears()
    {
        InterfacePresence presence = Watch(("eth9", 0));
        var changes = new List<PresenceChange>();

        presence.Created(7, "eth9", changes);

        Assert.Equal([new PresenceChange(PresenceChangeKind.Appeared, "eth9", 7, 0)], changes);
        Assert.Equal(7, presence.IndexOf("eth9"));
    }

    [Fact]
    public void Created_AgainForTheSameIndex_NoChange()
    {
        InterfacePresence presence = Watch(("eth9", 7));
        var changes = new List<PresenceChange>();

        Assert.Equal(0, presence.Created(7, "eth9", changes)); // an up/down or MTU change of the same interface
        Assert.Equal(0, presence.Created(8, "other", changes));
        Assert.Empty(changes);
    }

    [Fact]
    public void DeletedThenCreatedAgain_VanishesThenAppearsWithTheNewIndex()
    {
        InterfacePresence presence = Watch(("eth9", 7), ("eth1", 2));
        var changes = new List<PresenceChange>();

        presence.Deleted(7, changes);
        Assert.Equal(0, presence.IndexOf("eth9"));
        presence.Created(12, "eth9", changes);

        Assert.Equal(
            [new PresenceChange(PresenceChangeKind.Vanished, "eth9", 0, 7), new PresenceChange(PresenceChangeKind.Appeared, "eth9", 12, 0)],
            changes);
        Assert.Equal(2, presence.IndexOf("eth1"));
    }

    [Fact]
    public void Deleted_UnwatchedIndex_NoChange()
    {
        InterfacePresence presence = Watch(("eth9", 7));
        var changes = new List<PresenceChange>();

        Assert.Equal(0, presence.Deleted(8, changes));
        Assert.Equal(0, presence.Deleted(0, changes));
        Assert.Empty(changes);
    }

    [Fact]
    public void Created_WatchedIndexUnderAnotherName_RenamedAwayVanishes()
    {
        InterfacePresence presence = Watch(("eth9", 7));
        var changes = new List<PresenceChange>();

        presence.Created(7, "lan0", changes);

        Assert.Equal([new PresenceChange(PresenceChangeKind.Vanished, "eth9", 0, 7)], changes);
        changes.Clear();
        presence.Created(7, "eth9", changes); // renamed back
        Assert.Equal([new PresenceChange(PresenceChangeKind.Appeared, "eth9", 7, 0)], changes);
    }

    [Fact]
    public void Created_NewIndexWithoutHearingTheDeletion_OldVanishesFirst()
    {
        InterfacePresence presence = Watch(("eth9", 7));
        var changes = new List<PresenceChange>();

        presence.Created(12, "eth9", changes);

        Assert.Equal(
            [new PresenceChange(PresenceChangeKind.Vanished, "eth9", 0, 7), new PresenceChange(PresenceChangeKind.Appeared, "eth9", 12, 0)],
            changes);
    }
}
