#pragma once
// Reads a payload without building a JSON tree: for the hot paths (every cfp
// an agent answers, every answer the runner judges). A PayloadTree decodes the
// bytes once, into memory the thread reuses; PayloadValues look into it. The
// values answer as the payload's JSON form would (payload_to_json): the same
// types, numbers and strings, and a repeated key finds its last value. They
// are valid while their tree, and the bytes it was made from, live.

#include <parley/protocol/message.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>

namespace parley::protocol {

class PayloadValue {
public:
    bool is_null() const;
    bool is_boolean() const;
    bool is_object() const;  // a map
    bool is_array() const;
    bool is_string() const;
    bool is_number_unsigned() const;  // a non-negative integer
    bool is_number() const;           // any integer or float

    // Each requires the matching is_...() to hold.
    bool get_boolean() const;
    std::uint64_t get_unsigned() const;
    double get_number() const;
    std::string_view get_string() const;

    // Items of an array; entries of a map.
    std::size_t size() const;
    PayloadValue operator[](std::size_t index) const;  // of an array
    // The value of `key` in a map (the last, if it repeats); empty when absent or not a map.
    std::optional<PayloadValue> find(std::string_view key) const;

    // The items of an array, for range-for (nothing for anything else).
    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = PayloadValue;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = PayloadValue;
        PayloadValue operator*() const { return PayloadValue(item_); }
        Iterator& operator++();
        bool operator==(const Iterator& other) const { return item_ == other.item_; }

    private:
        friend class PayloadValue;
        explicit Iterator(const void* item) : item_(item) {}
        const void* item_;
    };
    Iterator begin() const;
    Iterator end() const;

private:
    friend class PayloadTree;
    explicit PayloadValue(const void* object) : object_(object) {}
    const void* object_;  // a msgpack::object of the tree
};

class PayloadTree {
public:
    // An empty payload (no content) reads as null. Throws std::invalid_argument
    // for bytes that are not exactly one MessagePack value.
    explicit PayloadTree(const Payload& payload);
    ~PayloadTree();
    PayloadTree(const PayloadTree&) = delete;
    PayloadTree& operator=(const PayloadTree&) = delete;

    PayloadValue root() const;

private:
    struct Decoded;
    std::unique_ptr<Decoded> decoded_;
};

}  // namespace parley::protocol
