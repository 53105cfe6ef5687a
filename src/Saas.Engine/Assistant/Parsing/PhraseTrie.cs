namespace Saas.Engine.Assistant.Parsing;

/// <summary>The lexicon's phrases as a trie of slots, so that matching at a token walks only the phrases that still
/// fit instead of trying every phrase that starts with the token's word. Phrases that share leading slots
/// ("конверсия из лида в …") share nodes; the root is indexed by word form.</summary>
internal sealed class PhraseTrie
{
    private readonly Node root = new();
    private readonly Dictionary<string, List<(WordSet Slot, Node Next)>> rootByForm = new(StringComparer.Ordinal);

    internal sealed class Node
    {
        public List<(WordSet Slot, Node Next)> Edges { get; } = [];

        /// <summary>Phrases ending here, in registration order.</summary>
        public List<Phrase> Ends { get; } = [];
    }

    public PhraseTrie(IEnumerable<Phrase> phrases)
    {
        foreach (var phrase in phrases)
        {
            var node = root;
            foreach (var slot in phrase.Slots)
            {
                var edge = node.Edges.FindIndex(e => ReferenceEquals(e.Slot, slot));
                if (edge < 0)
                {
                    node.Edges.Add((slot, new Node()));
                    edge = node.Edges.Count - 1;
                }
                node = node.Edges[edge].Next;
            }
            node.Ends.Add(phrase);
        }
        foreach (var (slot, next) in root.Edges)
        {
            foreach (var form in slot.Forms.Keys)
            {
                if (!rootByForm.TryGetValue(form, out var list))
                    rootByForm[form] = list = [];
                list.Add((slot, next));
            }
        }
    }

    /// <summary>The root edges a word form starts.</summary>
    public IReadOnlyList<(WordSet Slot, Node Next)> Start(string form) =>
        rootByForm.TryGetValue(form, out var edges) ? edges : [];
}
