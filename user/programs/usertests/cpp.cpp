/*
 * A part of usertests in C++ (user/user.mk's C++ rule: clang in MSVC
 * mode, no C++ exceptions or RTTI): static objects the C runtime
 * constructs before main in declaration order and destroys at exit in
 * the reverse order, a class whose destructor runs at the end of its
 * scope, virtual calls, a template, and SEH's __try/__except in C++.
 */
#include "usertests.h"

namespace
{

/* Declaration order is construction order within a file. */
int constructed_in_order;

class StaticWitness
{
  public:
    explicit StaticWitness(int Order)
        : order_(Order), value_(0x5EED), before_main_(!usertests_in_main)
    {
        if (constructed_in_order == Order - 1)
            constructed_in_order = Order;
    }
    ~StaticWitness();
    int order() const { return order_; }
    int value() const { return value_; }
    bool before_main() const { return before_main_; }

  private:
    int order_;
    int value_;
    bool before_main_;
};

StaticWitness first_witness(1);
StaticWitness second_witness(2);
int destroyed_last_order = 3;

/* At exit: the second is destroyed before the first. A wrong order ends
 * the process with a code the kernel's test reports (usertests' exit
 * code is its failure count). */
StaticWitness::~StaticWitness()
{
    if (destroyed_last_order != order_ + 1)
        ExitProcess(0xC99D0000 | order_);
    destroyed_last_order = order_;
}

class Shape
{
  public:
    virtual ~Shape() {}
    virtual int area() const = 0;
};

class Rectangle : public Shape
{
  public:
    Rectangle(int Width, int Height) : width_(Width), height_(Height) {}
    int area() const override { return width_ * height_; }

  private:
    int width_, height_;
};

class Square : public Rectangle
{
  public:
    explicit Square(int Side) : Rectangle(Side, Side) {}
};

/* Counts its own destruction into *Count. */
class ScopeGuard
{
  public:
    explicit ScopeGuard(int *Count) : count_(Count) {}
    ~ScopeGuard() { ++*count_; }
    ScopeGuard(const ScopeGuard &) = delete;
    ScopeGuard &operator=(const ScopeGuard &) = delete;

  private:
    int *count_;
};

template <typename T, size_t N> constexpr size_t count_of(const T (&)[N])
{
    return N;
}

int total_area(const Shape *const *Shapes, size_t Count)
{
    int Total = 0;

    for (size_t Index = 0; Index < Count; Index++)
        Total += Shapes[Index]->area();
    return Total;
}

int filter(NTSTATUS Code, volatile NTSTATUS *Seen)
{
    *Seen = Code;
    return EXCEPTION_EXECUTE_HANDLER;
}

} // namespace

void cpp_static_objects_classes_and_seh(void)
{
    volatile NTSTATUS Code = 0;
    volatile int *Null = nullptr;
    int Destroyed = 0;

    /* The runtime ran both constructors, in order, before main. */
    CHECK_EQ(first_witness.value(), 0x5EED);
    CHECK_EQ(second_witness.value(), 0x5EED);
    CHECK(first_witness.before_main() && second_witness.before_main());
    CHECK_EQ(constructed_in_order, 2);
    CHECK_EQ(second_witness.order(), 2);
    {
        ScopeGuard Guard(&Destroyed);
        CHECK_EQ(Destroyed, 0);
    }
    CHECK_EQ(Destroyed, 1);
    {
        Rectangle Wide(3, 4);
        Square Small(5);
        const Shape *Shapes[] = {&Wide, &Small};

        CHECK_EQ(count_of(Shapes), 2);
        CHECK_EQ(total_area(Shapes, count_of(Shapes)), 12 + 25);
    }
    __try {
        *Null = 1;
    } __except (filter(GetExceptionCode(), &Code)) {
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
}
