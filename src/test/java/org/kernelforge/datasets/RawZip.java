package org.kernelforge.datasets;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zip archives byte by byte (stored entries, no UTF-8 flag), to build what ZipOutputStream refuses to
 * write: duplicate entry names and arbitrary name bytes.
 */
final class RawZip {

    record Entry(byte[] name, byte[] data) {
    }

    private RawZip() {
    }

    static byte[] stored(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            CRC32 crc = new CRC32();
            crc.update(e.data());
            int offset = out.size();
            ByteBuffer local = le(30 + e.name().length);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(e.data().length).putInt(e.data().length)
                    .putShort((short) e.name().length).putShort((short) 0).put(e.name());
            out.writeBytes(local.array());
            out.writeBytes(e.data());
            ByteBuffer header = le(46 + e.name().length);
            header.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(e.data().length).putInt(e.data().length)
                    .putShort((short) e.name().length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(e.name());
            central.writeBytes(header.array());
        }
        int centralOffset = out.size();
        out.writeBytes(central.toByteArray());
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) entries.size()).putShort((short) entries.size())
                .putInt(central.size()).putInt(centralOffset).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
