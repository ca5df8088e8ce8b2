using System.Text;

namespace EdgeNode.FuzzTests;

/// <summary>MQTT 3.1.1 packets written by hand, valid and broken: the broker under test must survive every one.</summary>
public static class MqttPackets
{
    public static byte[] Connect(string clientId)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        byte[] variable = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 2, 0, 60, (byte)(id.Length >> 8), (byte)id.Length, .. id];
        return Packet(0x10, variable);
    }

    public static byte[] Publish(string topic, byte[] payload, int qos, ushort packetId)
    {
        var name = Encoding.UTF8.GetBytes(topic);
        byte[] id = qos > 0 ? [(byte)(packetId >> 8), (byte)packetId] : [];
        return Packet((byte)(0x30 | (qos << 1)), [(byte)(name.Length >> 8), (byte)name.Length, .. name, .. id, .. payload]);
    }

    /// <summary>A packet: fixed header byte, remaining length (variable-length encoding), body.</summary>
    public static byte[] Packet(byte first, byte[] body)
    {
        var packet = new List<byte> { first };
        var length = body.Length;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            packet.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
        packet.AddRange(body);
        return [.. packet];
    }

    public static byte[] Generate(Inputs inputs)
    {
        switch (inputs.Next(8))
        {
            case 0: return inputs.Bytes(1 + inputs.Next(64)); // noise
            case 1: return [(byte)(inputs.Next(16) << 4), 0xFF, 0xFF, 0xFF, 0x7F]; // a remaining length of 256 MB, never sent
            case 2: return Packet((byte)inputs.Next(256), inputs.Bytes(inputs.Next(100))); // any type and flags
            case 3: return [0xC0, 0x00]; // PINGREQ
            case 4: return Packet(0x82, [0, 1, 0, 5, (byte)'f', (byte)'u', (byte)'z', (byte)'z', (byte)'#', 1]); // SUBSCRIBE
            default:
                var payload = inputs.Next(3) == 0 ? inputs.Bytes(inputs.Next(512)) : JsonRowGenerator.Row(inputs);
                return Publish(inputs.Next(4) == 0 ? inputs.Mutate("fuzz") : "fuzz", payload, inputs.Next(3), (ushort)(1 + inputs.Next(60000)));
        }
    }
}
